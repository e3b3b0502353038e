namespace PawfectLive.Streams.Features.Moderation;

public static class ModerationFeature
{
    /// <summary>Blocks, moderators and chat timeouts, and the worker that expires timeouts on time.</summary>
    public static IHostApplicationBuilder AddModeration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModerationService>();
        builder.Services.AddSingleton<TimeoutExpirySchedule>();
        builder.Services.AddHostedService<TimeoutExpiryWorker>();
        return builder;
    }
}
