using MassTransit;
using PawfectLive.EventBus;

namespace PawfectLive.Streams.Features.Reports;

public static class ReportsFeature
{
    /// <summary>Abuse reports, their resolution and the audit log.</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportsService>();
        return builder;
    }

    public static void AddReportsConsumers(this IBusRegistrationConfigurator bus) => bus.AddIntegrationEventConsumer<AuditLogConsumer>();
}
