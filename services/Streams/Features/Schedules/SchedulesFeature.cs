namespace PawfectLive.Streams.Features.Schedules;

public static class SchedulesFeature
{
    /// <summary>Scheduled streams: plan, edit, reschedule, cancel, start from one; missed ones are closed in the background.</summary>
    public static IHostApplicationBuilder AddSchedules(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ScheduleOptions>(ScheduleOptions.SectionName);
        builder.Services.AddSingleton<ScheduleService>();
        builder.Services.AddHostedService<MissedSchedulesWorker>();
        return builder;
    }
}
