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

    /// <summary>
    /// Web Push for Notifications: the VAPID public key from <c>WebPush:PublicKey</c> and the private key from the secret
    /// parameter <c>webpush-private-key</c> (appsettings.json holds a development pair, refused outside Development), the
    /// subject, and whether loopback <c>http://</c> endpoints are accepted (a local push-service double); FCM when
    /// <c>Fcm:Enabled</c> (its service account from <c>Fcm:*</c> and the secret parameter <c>fcm-private-key</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithWebPush(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        foreach (var setting in new[] { "PublicKey", "Subject", "AllowLoopbackEndpoints" })
        {
            if (builder.Configuration[$"WebPush:{setting}"] is { Length: > 0 } value)
            {
                project.WithEnvironment($"WebPush__{setting}", value);
            }
        }
        project.WithEnvironment("WebPush__PrivateKey", builder.AddParameter("webpush-private-key", secret: true));
        if (!string.Equals(builder.Configuration["Fcm:Enabled"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return project;
        }
        foreach (var setting in new[] { "Enabled", "ProjectId", "ClientEmail", "TokenUri", "Endpoint" })
        {
            if (builder.Configuration[$"Fcm:{setting}"] is { Length: > 0 } value)
            {
                project.WithEnvironment($"Fcm__{setting}", value);
            }
        }
        return project.WithEnvironment("Fcm__PrivateKey", builder.AddParameter("fcm-private-key", secret: true));
    }
}
