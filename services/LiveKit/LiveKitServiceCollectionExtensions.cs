using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PawfectLive.LiveKit;

public static class LiveKitServiceCollectionExtensions
{
    /// <summary>Binds <see cref="LiveKitOptions"/> from <c>LiveKit</c>, validated at start-up, and registers token and webhook helpers.</summary>
    public static IServiceCollection AddLiveKit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveKitOptions>()
            .Bind(configuration.GetSection(LiveKitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<WebhookReceiver>();
        return services;
    }

    /// <summary>
    /// The RoomService client, with an attempt timeout of <see cref="LiveKitOptions.RequestTimeout"/> and retries on
    /// transport errors, timeouts, 429 and 5xx (the standard resilience pipeline every HttpClient gets).
    /// </summary>
    public static IServiceCollection AddLiveKitRoomService(this IServiceCollection services)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the defaults.
        services.AddHttpClient<RoomServiceClient>(RoomServiceClient.HttpClientName)
            // Replace the generic defaults with timeouts sized to LiveKit's configured request timeout.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                var attempt = provider.GetRequiredService<IOptions<LiveKitOptions>>().Value.RequestTimeout;
                resilience.AttemptTimeout.Timeout = attempt;
                resilience.Retry.MaxRetryAttempts = 3;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.CircuitBreaker.SamplingDuration = attempt * 2 + TimeSpan.FromSeconds(1);
                resilience.TotalRequestTimeout.Timeout = attempt * 4 + TimeSpan.FromSeconds(2);
            });
#pragma warning restore EXTEXP0001
        return services;
    }
}
