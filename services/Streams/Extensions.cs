using PawfectLive.LiveKit;
using PawfectLive.ServiceDefaults.Authentication;
using PawfectLive.ServiceDefaults.Messaging;
using PawfectLive.Streams.Api;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.Model;

namespace PawfectLive.Streams;

public static class Extensions
{
    public const string ServiceName = "streams";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultAuthentication();
        builder.Services.AddOptions<StreamsOptions>()
            .Bind(builder.Configuration.GetSection(StreamsOptions.SectionName))
            .Configure(options => options.GoLiveEnabled = builder.Configuration.GetValue("FEATURE_GO_LIVE", options.GoLiveEnabled))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddLiveKit(builder.Configuration);
        builder.AddStreamStore();
        builder.AddEventBus(ServiceName);
        builder.Services.AddScoped<StreamsServices>();
        return builder;
    }

    private static void AddStreamStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStreamStore>(services =>
        {
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StreamsOptions>>().Value;
            var path = Path.IsPathRooted(options.EmbeddedDatabasePath)
                ? options.EmbeddedDatabasePath
                : Path.Combine(builder.Environment.ContentRootPath, options.EmbeddedDatabasePath);
            return new LiteDbStreamStore(path);
        });
    }
}
