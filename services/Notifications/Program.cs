using PawfectLive.Notifications;
using PawfectLive.Notifications.Api;
using PawfectLive.Notifications.Hubs;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseDefaultExceptionHandling();
app.UseWebSockets();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapFollowsApi();
app.MapInboxApi();
app.MapPushApi();
app.MapRemindersApi();
// A connection ends when its token expires; the client reconnects with a new one.
app.MapHub<NotificationsHub>("/hubs/notifications", hub => hub.CloseOnAuthenticationExpiration = true);
app.MapDefaultOpenApi();
app.MapDefaultEndpoints();

app.Run();
