using PawfectLive.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var local = LocalInfrastructure.FromConfiguration(builder);

// Infrastructure: containers where a container runtime answers, otherwise Debian's servers on loopback.
var rabbitmq = local.AddRabbitMq();
var redis = local.AddRedis();
var mongodb = local.AddMongoDbConnection();
var liveKit = local.AddLiveKit();

var jwtSigningKey = builder.AddParameter("jwt-signing-key", secret: true);
var goLive = builder.Configuration["FEATURE_GO_LIVE"] ?? "true";

// Each service counts as started once its /health answers (RabbitMQ, Redis, its store reachable), so WaitFor means ready.
var streams = builder.AddProject<Projects.PawfectLive_Streams>("streams")
    .WithHttpHealthCheck(ServiceHealthPath)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithUserAuthentication(jwtSigningKey)
    .WithLiveKit(liveKit)
    .WithRecording()
    .WithEnvironment("FEATURE_GO_LIVE", goLive)
    .WithEnvironment("Streams__EmbeddedDatabasePath", Path.Combine(local.StateDirectory, "streams", "streams.db"));
// Tests (or an operator) may tune reconciliation; by default the service's own settings apply.
foreach (var setting in new[] { "RoomGracePeriod", "Interval" })
{
    if (builder.Configuration[$"Streams:Reconciliation:{setting}"] is { Length: > 0 } value)
    {
        streams.WithEnvironment($"Streams__Reconciliation__{setting}", value);
    }
}
if (mongodb is not null)
{
    streams.WithReference(mongodb).WaitFor(mongodb);
}

var chat = builder.AddProject<Projects.PawfectLive_Chat>("chat")
    .WithHttpHealthCheck(ServiceHealthPath)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(redis).WaitFor(redis)
    .WithUserAuthentication(jwtSigningKey);

var webhooks = builder.AddProject<Projects.PawfectLive_Webhooks>("webhooks")
    .WithHttpHealthCheck(ServiceHealthPath)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(redis).WaitFor(redis)
    .WithLiveKit(liveKit);

var notifications = builder.AddProject<Projects.PawfectLive_Notifications>("notifications")
    .WithHttpHealthCheck(ServiceHealthPath)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(redis).WaitFor(redis)
    .WithUserAuthentication(jwtSigningKey)
    .WithWebPush()
    .WithEnvironment("Notifications__EmbeddedDatabasePath", Path.Combine(local.StateDirectory, "notifications", "notifications.db"));
// Tests (or an operator) may tune when reminders go out and how alerts batch; by default the service's own settings apply.
foreach (var setting in new[] { "ReminderLeadTime", "ReminderCheckInterval", "GoLiveAlertWindow", "FanOutBatchSize", "PushRetryDelay", "WritesPerMinute" })
{
    if (builder.Configuration[$"Notifications:{setting}"] is { Length: > 0 } value)
    {
        notifications.WithEnvironment($"Notifications__{setting}", value);
    }
}
if (builder.Configuration["Streams:StartCooldown"] is { Length: > 0 } startCooldown)
{
    streams.WithEnvironment("Streams__StartCooldown", startCooldown);
}
foreach (var setting in new[] { "MissedAfter", "MissedCheckInterval" })
{
    if (builder.Configuration[$"Schedules:{setting}"] is { Length: > 0 } value)
    {
        streams.WithEnvironment($"Schedules__{setting}", value);
    }
}
if (mongodb is not null)
{
    notifications.WithReference(mongodb).WaitFor(mongodb);
}

builder.AddProject<Projects.PawfectLive_Gateway>("gateway")
    .WithHttpHealthCheck(ServiceHealthPath)
    .WithReference(streams).WaitFor(streams)
    .WithReference(chat).WaitFor(chat)
    .WithReference(webhooks).WaitFor(webhooks)
    .WithReference(notifications).WaitFor(notifications)
    .WithUserAuthentication(jwtSigningKey)
    .WithEnvironment("DevTokens__Enabled", "true")
    .WithEnvironment("Gateway__WebRoot", Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "web", "dist")))
    .WithExternalHttpEndpoints();

// Tests (or an operator) may send telemetry somewhere other than the dashboard.
if (builder.Configuration["Local:OtlpEndpoint"] is { Length: > 0 } otlpEndpoint)
{
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project)
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint)
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200");
    }
}

builder.Build().Run();

internal static partial class Program
{
    private const string ServiceHealthPath = "/health";
}
