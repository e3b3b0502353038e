using PawfectLive.Streams;
using PawfectLive.Streams.Features.Analytics;
using PawfectLive.Streams.Features.ChatSettings;
using PawfectLive.Streams.Features.Ingress;
using PawfectLive.Streams.Features.Lifecycle;
using PawfectLive.Streams.Features.Moderation;
using PawfectLive.Streams.Features.Recording;
using PawfectLive.Streams.Features.Reports;
using PawfectLive.Streams.Features.Schedules;
using PawfectLive.Streams.Features.Stage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseDefaultExceptionHandling();
app.UseAuthentication();
app.UseAuthorization();
app.UseOutputCache();

app.MapLiveStreamsApi();
app.MapSchedulesApi();
app.MapModerationApi();
app.MapReportsApi();
app.MapChatSettingsApi();
app.MapAnalyticsApi();
app.MapRecordingApi();
app.MapIngressApi();
app.MapStageApi();
app.MapDefaultOpenApi();
app.MapDefaultEndpoints();

app.Run();
