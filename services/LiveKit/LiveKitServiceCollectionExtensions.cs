using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

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
        services.AddSingleton<IValidateOptions<LiveKitOptions>, LiveKitProductionValidation>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<TwirpChannel>();
        return services;
    }

    /// <summary>
    /// The RoomService client, each attempt bounded by <see cref="LiveKitOptions.RequestTimeout"/>. With
    /// <paramref name="transientRetries"/> above 0 it also retries transport errors, timeouts, 429 and 5xx itself (the
    /// standard resilience pipeline); callers that already retry at a higher level (a message consumer's policy) pass 0,
    /// so that one policy decides how often LiveKit is called.
    /// </summary>
    public static IServiceCollection AddLiveKitRoomService(this IServiceCollection services, int transientRetries = 3) =>
        services.AddLiveKitClient<RoomServiceClient>(RoomServiceClient.HttpClientName, transientRetries);

    /// <summary>The Egress client (recordings), with the same choice of retries as <see cref="AddLiveKitRoomService"/>.</summary>
    public static IServiceCollection AddLiveKitEgress(this IServiceCollection services, int transientRetries = 3) =>
        services.AddLiveKitClient<EgressClient>(EgressClient.HttpClientName, transientRetries);

    /// <summary>The Ingress client (external encoders), with the same choice of retries as <see cref="AddLiveKitRoomService"/>.</summary>
    public static IServiceCollection AddLiveKitIngress(this IServiceCollection services, int transientRetries = 3) =>
        services.AddLiveKitClient<IngressClient>(IngressClient.HttpClientName, transientRetries);

    private static IServiceCollection AddLiveKitClient<TClient>(this IServiceCollection services, string name, int transientRetries)
        where TClient : class
    {
        ArgumentOutOfRangeException.ThrowIfNegative(transientRetries);
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the defaults.
        var client = services.AddHttpClient<TClient>(name).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        if (transientRetries == 0)
        {
            client.AddResilienceHandler("livekit-attempt-timeout", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<LiveKitOptions>>().Value.RequestTimeout));
            return services;
        }

        client.AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                var attempt = provider.GetRequiredService<IOptions<LiveKitOptions>>().Value.RequestTimeout;
                resilience.AttemptTimeout.Timeout = attempt;
                resilience.Retry.MaxRetryAttempts = transientRetries;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.CircuitBreaker.SamplingDuration = attempt * 2 + TimeSpan.FromSeconds(1);
                resilience.TotalRequestTimeout.Timeout = attempt * (transientRetries + 1) + TimeSpan.FromSeconds(2);
            });
        return services;
    }
}
