using MassTransit;
using PawfectLive.EventBus;

namespace PawfectLive.Streams.Features.Analytics;

public static class AnalyticsFeature
{
    /// <summary>How a stream did: viewer sessions, watch time, retention and chat activity.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<AnalyticsOptions>(AnalyticsOptions.SectionName);
        builder.Services.AddSingleton<AnalyticsService>();
        builder.Services.AddMemoryCache(); // stats, a few seconds per stream
        return builder;
    }

    public static void AddAnalyticsConsumers(this IBusRegistrationConfigurator bus) => bus.AddIntegrationEventConsumer<ChatActivityConsumer>();
}
