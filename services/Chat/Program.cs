using PawfectLive.Chat;
using PawfectLive.Chat.Hubs;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseDefaultExceptionHandling();
app.UseWebSockets();
app.UseAuthentication();
app.UseAuthorization();

// A connection ends when its token expires: a user who lost access (or whose block should apply) reconnects with a new one.
app.MapHub<LiveHub>("/hubs/live", hub => hub.CloseOnAuthenticationExpiration = true);
app.MapDefaultEndpoints();

app.Run();
