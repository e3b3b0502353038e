using PawfectLive.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseDefaultExceptionHandling();
app.UseCors();
app.UseEdgeCache();
app.UseWebSockets();
app.UseWebClient();

app.MapDefaultEndpoints();
app.MapDevelopmentTokens();
app.MapApiReference();
app.MapReverseProxy();

app.Run();
