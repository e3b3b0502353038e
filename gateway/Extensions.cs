using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();

        builder.AddEdgeCache();

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

        if (WebClientFiles(builder.Configuration) is { } files)
        {
            builder.Services.AddSingleton(files);
        }

        if (DevelopmentTokens.IsEnabled(builder))
        {
            builder.AddValidatedOptions<JwtAuthOptions>(JwtAuthOptions.SectionName);
            builder.Services.AddSingleton<DevelopmentTokenIssuer>();
        }
        return builder;
    }

    /// <summary>The built web client (Browse, Watch, Go Live), from <c>Gateway:WebRoot</c>, if configured and built.</summary>
    private static PhysicalFileProvider? WebClientFiles(IConfiguration configuration) =>
        configuration["Gateway:WebRoot"] is { Length: > 0 } root && File.Exists(Path.Combine(root, "index.html"))
            ? new PhysicalFileProvider(Path.GetFullPath(root))
            : null;

    /// <summary>Serves the web client at <c>/</c> when it is there; API, hub and health routes are unaffected.</summary>
    public static WebApplication UseWebClient(this WebApplication app)
    {
        if (app.Services.GetService<PhysicalFileProvider>() is { } files)
        {
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        return app;
    }
}
