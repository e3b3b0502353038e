using System.Text.Json;
using PawfectLive.TestInfrastructure;

namespace PawfectLive.UnitTests;

/// <summary>The committed API contract (docs/openapi/) is what the code declares (the build writes it to obj/openapi/).</summary>
public sealed class OpenApiDocumentTests
{
    [Theory]
    [InlineData("Streams")]
    [InlineData("Webhooks")]
    [InlineData("Notifications")]
    public void The_committed_OpenAPI_document_matches_the_one_the_build_generated(string service)
    {
        var root = RepositoryPaths.Root;
        var generatedPath = Path.Combine(root, "services", service, "obj", "openapi", $"PawfectLive.{service}.json");
        var committedPath = Path.Combine(root, "docs", "openapi", $"{service.ToLowerInvariant()}.json");
        Assert.True(File.Exists(generatedPath), $"{generatedPath} is missing: build the solution first (the build generates it).");

        using var generated = JsonDocument.Parse(File.ReadAllText(generatedPath));
        using var committed = JsonDocument.Parse(File.ReadAllText(committedPath));

        Assert.True(JsonElement.DeepEquals(generated.RootElement, committed.RootElement),
            $"docs/openapi/{service.ToLowerInvariant()}.json is stale: run scripts/update-openapi.sh and commit the result.");
    }
}
