namespace PawfectLive.Streams.Features.Reconciliation;

public static class ReconciliationFeature
{
    /// <summary>The periodic level-triggered pass against LiveKit, and the snapshots Chat converges from.</summary>
    public static IHostApplicationBuilder AddReconciliation(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ReconciliationOptions>(ReconciliationOptions.SectionName);
        builder.Services.AddSingleton<ReconciliationService>();
        builder.Services.AddHostedService<ReconciliationWorker>();
        return builder;
    }
}
