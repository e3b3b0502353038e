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
}
