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

app.MapHub<LiveHub>("/hubs/live");
app.MapDefaultEndpoints();

app.Run();
