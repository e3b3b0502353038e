using PawfectLive.Webhooks;
using PawfectLive.Webhooks.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseDefaultExceptionHandling();
app.UseAuthorization();

app.MapLiveKitWebhooksApi();
app.MapDefaultOpenApi();
app.MapDefaultEndpoints();

app.Run();
