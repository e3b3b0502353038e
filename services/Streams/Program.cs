using PawfectLive.Streams;
using PawfectLive.Streams.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseDefaultExceptionHandling();
app.UseAuthentication();
app.UseAuthorization();
app.UseOutputCache();

app.MapLiveStreamsApi();
app.MapModerationApi();
app.MapChatSettingsApi();
app.MapAnalyticsApi();
app.MapRecordingApi();
app.MapStageApi();
app.MapDefaultOpenApi();
app.MapDefaultEndpoints();

app.Run();
