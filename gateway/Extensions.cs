using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.HttpOverrides;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();

        var allowedOrigins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (allowedOrigins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(allowedOrigins).AllowCredentials();
            }
            policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Retry-After");
        }));

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Trust only the proxies the operator names (Gateway:KnownProxies); by default, loopback only.
            foreach (var proxy in builder.Configuration.GetSection("Gateway:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        builder.Services.Configure<KestrelServerOptions>(kestrel =>
            // SignalR pings every 15 s; keep idle connections well beyond that and beyond any 100 s default.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10));

        if (DevelopmentTokens.IsEnabled(builder))
        {
            builder.Services.AddOptions<JwtAuthOptions>()
                .Bind(builder.Configuration.GetSection(JwtAuthOptions.SectionName))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            builder.Services.AddSingleton<DevelopmentTokenIssuer>();
        }
        return builder;
    }
}
