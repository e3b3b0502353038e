using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PawfectLive.ServiceDefaults.Problems;
using PawfectLive.Streams.Kernel;

namespace PawfectLive.UnitTests;

/// <summary>Every problem Streams can answer is a valid RFC 7807 document: each member named once, <c>status</c> the HTTP status.</summary>
public sealed class ProblemDocumentTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> StreamErrorKinds() =>
        [.. typeof(StreamError).GetNestedTypes().Where(type => type.IsSubclassOf(typeof(StreamError))).Select(type => type.Name)];

    [Theory]
    [MemberData(nameof(StreamErrorKinds))]
    public void Each_stream_error_is_a_problem_whose_members_are_unique(string kind)
    {
        var error = Sample(typeof(StreamError).GetNestedType(kind)!);

        var result = error.ToProblem(new DefaultHttpContext());

        var json = JsonSerializer.Serialize(result.ProblemDetails, result.ProblemDetails.GetType(), Json);
        var names = new List<string>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                names.Add(reader.GetString()!);
            }
        }
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        using var document = JsonDocument.Parse(json);
        Assert.Equal(result.StatusCode, document.RootElement.GetProperty("status").GetInt32());
        Assert.StartsWith("https://pawfectlive.dev/problems/", document.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void An_extension_may_not_reuse_a_standard_member()
    {
        var error = Assert.Throws<ArgumentException>(() => ProblemResults.Create(409, ProblemTypes.ReplayNotReady, "t", "d",
            new Dictionary<string, object?> { ["Status"] = "processing" }));
        Assert.Contains("Status", error.Message);
    }

    /// <summary>An instance of the error with a plausible value in each of its constructor's parameters.</summary>
    private static StreamError Sample(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(object (parameter) => parameter.ParameterType switch
        {
            var t when t == typeof(string) => "sample",
            var t when t == typeof(int) => 3,
            var t when t == typeof(bool) => true,
            var t when t == typeof(TimeSpan) => TimeSpan.FromSeconds(5),
            var t when t == typeof(IReadOnlyDictionary<string, string[]>) => new Dictionary<string, string[]> { ["field"] = ["field is wrong."] },
            var t => throw new InvalidOperationException($"No sample for {t} in {type.Name}"),
        }).ToArray();
        return (StreamError)constructor.Invoke(arguments);
    }
}
