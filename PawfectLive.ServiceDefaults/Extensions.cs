using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting defaults every PawfectLive service calls once: telemetry, health, discovery,
/// resilience and problem details.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    /// <summary>
    /// How long a service takes at most to stop after SIGTERM (docs/operations.md): every hosted service's stop token
    /// is cancelled by then; the one that does not observe it, the message bus, is bounded by the event bus itself.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Activity sources and meters of our own code and of the libraries we trace.</summary>
    public static readonly string[] TracedSources = ["PawfectLive.*", "MassTransit"];
    public static readonly string[] MeteredSources = ["PawfectLive.*", "MassTransit"];

    /// <summary>
    /// The environment of the build's OpenAPI generator (GetDocument.Insider), which starts the app without the
    /// AppHost's settings only to read its endpoints; <c>appsettings.OpenApiGeneration.json</c> gives it placeholders.
    /// </summary>
    public const string OpenApiGenerationEnvironment = "OpenApiGeneration";

    public static bool IsGeneratingOpenApiDocument { get; } =
        System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (IsGeneratingOpenApiDocument)
        {
            builder.Environment.EnvironmentName = OpenApiGenerationEnvironment;
            builder.Configuration.AddJsonFile(
                Path.Combine(AppContext.BaseDirectory, $"appsettings.{OpenApiGenerationEnvironment}.json"), optional: false);
        }

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<PawfectLive.ServiceDefaults.BadRequestExceptionHandler>();
        // Binding failures always reach BadRequestExceptionHandler, so every environment answers the same problem.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // A field we do not know is a client mistake worth telling about, not something to drop silently.
        // Text users wrote (titles, chat) goes out with HTML-sensitive characters escaped, in case a client renders it.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        // Our JSON bodies are small; anything larger is refused with 413 before it is read.
        var maxBodyBytes = builder.Configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 64 * 1024;
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxBodyBytes);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MeteredSources))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TracedSources)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes are polled constantly; tracing them only hides the useful traces.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath)
                        && !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Lists a health check that a library registered under its own name (Aspire's Redis client: <c>StackExchange.Redis</c>)
    /// under the name operators and <c>/health</c> readers know (<c>redis</c>).
    /// </summary>
    public static IServiceCollection RenameHealthCheck(this IServiceCollection services, string registeredName, string name) =>
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(registration => registration.Name == registeredName))
            {
                registration.Name = name;
            }
        });

    /// <summary>
    /// Problem details for every error: client mistakes (malformed bodies) as 4xx without an error log, anything
    /// else as a logged 500; plus problem bodies for bare status codes (401, 404...).
    /// </summary>
    public static WebApplication UseDefaultExceptionHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            SuppressDiagnosticsCallback = context => context.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// <c>/health</c>: every check must pass (readiness); <c>/alive</c>: only liveness checks.
    /// Both are anonymous so orchestrators and the gateway can probe them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteHealthAsync })
            .AllowAnonymous()
            .DisableRateLimiting();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") })
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }
}
