namespace PawfectLive.Streams.Features.Lifecycle;

public static class LifecycleFeature
{
    /// <summary>Going live, watching, stopping and ending; the public listing and its output cache.</summary>
    public static IHostApplicationBuilder AddLifecycle(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LifecycleService>();
        builder.Services.AddOutputCache();
        builder.Services.AddSingleton<ActiveStreamsCache>();
        return builder;
    }
}
