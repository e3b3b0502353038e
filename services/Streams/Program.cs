using PawfectLive.Streams;
using PawfectLive.Streams.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapLiveStreamsApi();
app.MapModerationApi();
app.MapDefaultEndpoints();

app.Run();
