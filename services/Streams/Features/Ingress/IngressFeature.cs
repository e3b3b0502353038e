using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Features.Ingress;

public static class IngressFeature
{
    /// <summary>External encoders (LiveKit Ingress).</summary>
    public static IHostApplicationBuilder AddIngress(this IHostApplicationBuilder builder)
    {
        // Creating an ingress is not idempotent in LiveKit: one attempt, then a 503; deletes are retried by the room
        // command consumer's policy.
        builder.Services.AddLiveKitIngress(transientRetries: 0);
        builder.Services.AddSingleton<IngressService>();
        return builder;
    }
}
