using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// MongoDB.Driver wired the way Aspire's MongoDB integration would (it is not on our package registry): one
/// <see cref="IMongoClient"/> from <c>ConnectionStrings:{name}</c>, its database, a ping health check; traces come
/// from the driver's own <c>MongoDB.Driver</c> activity source.
/// </summary>
public static class MongoDbExtensions
{
    public const string DefaultConnectionName = "mongodb";

    public static bool HasMongoDbConnection(this IHostApplicationBuilder builder, string connectionName = DefaultConnectionName) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(connectionName));

    public static IHostApplicationBuilder AddMongoDbClient(
        this IHostApplicationBuilder builder, string defaultDatabaseName, string connectionName = DefaultConnectionName)
    {
        var url = MongoUrl.Create(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured."));
        builder.Services.AddSingleton<IMongoClient>(_ =>
        {
            var settings = MongoClientSettings.FromUrl(url);
            settings.ServerSelectionTimeout = TimeSpan.FromSeconds(10);
            return new MongoClient(settings);
        });
        builder.Services.AddSingleton(services =>
            services.GetRequiredService<IMongoClient>().GetDatabase(url.DatabaseName ?? defaultDatabaseName));
        builder.Services.AddHealthChecks().AddCheck<MongoDbHealthCheck>(connectionName, tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("MongoDB.Driver"));
        return builder;
    }

    private sealed class MongoDbHealthCheck(IMongoDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is MongoException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("MongoDB does not answer.", ex);
            }
        }
    }
}
