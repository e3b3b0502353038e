namespace PawfectLive.AppHost;

public static class ResourceBuilderExtensions
{
    /// <summary>How services validate users' JWTs: the local issuer/audience and the development signing key.</summary>
    public static IResourceBuilder<ProjectResource> WithUserAuthentication(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<ParameterResource> signingKey)
    {
        var configuration = project.ApplicationBuilder.Configuration;
        return project
            .WithEnvironment("Authentication__Jwt__Issuer", configuration["Authentication:Jwt:Issuer"] ?? "pawfectmatch-local")
            .WithEnvironment("Authentication__Jwt__Audience", configuration["Authentication:Jwt:Audience"] ?? "pawfectlive")
            .WithEnvironment("Authentication__Jwt__SigningKey", signingKey);
    }

    public static IResourceBuilder<ProjectResource> WithLiveKit(this IResourceBuilder<ProjectResource> project, LiveKitEndpoint liveKit) =>
        project
            .WithEnvironment("LiveKit__Url", liveKit.Url)
            .WithEnvironment("LiveKit__ApiKey", liveKit.ApiKey)
            .WithEnvironment("LiveKit__ApiSecret", liveKit.ApiSecret);

    /// <summary>
    /// Recording storage for Streams when <c>Recording:Bucket</c> is configured (otherwise recording is refused with a
    /// problem response): the plain settings from <c>Recording:*</c>, the keys from the secret parameters
    /// <c>recording-access-key</c> and <c>recording-secret</c> (<c>Parameters:recording-access-key</c>, ...).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRecording(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        if (string.IsNullOrWhiteSpace(builder.Configuration["Recording:Bucket"]))
        {
            return project;
        }
        foreach (var setting in new[] { "Bucket", "Region", "Endpoint", "ForcePathStyle", "PublicBaseUrl", "PathPrefix", "Layout", "SegmentDurationSeconds" })
        {
            if (builder.Configuration[$"Recording:{setting}"] is { Length: > 0 } value)
            {
                project.WithEnvironment($"Recording__{setting}", value);
            }
        }
        return project
            .WithEnvironment("Recording__AccessKey", builder.AddParameter("recording-access-key", secret: true))
            .WithEnvironment("Recording__Secret", builder.AddParameter("recording-secret", secret: true));
    }
}
