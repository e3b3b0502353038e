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
}
