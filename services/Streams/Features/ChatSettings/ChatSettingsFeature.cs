namespace PawfectLive.Streams.Features.ChatSettings;

public static class ChatSettingsFeature
{
    /// <summary>Slow mode, chat off, established users, blocked words and the pinned message.</summary>
    public static IHostApplicationBuilder AddChatSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatSettingsService>();
        return builder;
    }
}
