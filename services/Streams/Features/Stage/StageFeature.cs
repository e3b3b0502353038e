namespace PawfectLive.Streams.Features.Stage;

public static class StageFeature
{
    /// <summary>Co-hosts: invitations, raised paws and guests.</summary>
    public static IHostApplicationBuilder AddStage(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<StageOptions>(StageOptions.SectionName);
        builder.Services.AddSingleton<StageService>();
        builder.Services.AddSingleton<StageRateLimit>();
        return builder;
    }
}
