using PawfectLive.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.UseEdgeCache();
app.UseForwardedHeaders();
app.UseRouting();
app.UseDefaultExceptionHandling();
app.UseCors();
app.UseWebSockets();
app.UseWebClient();

app.MapDefaultEndpoints();
app.MapDevelopmentTokens();
app.MapApiReference();
app.MapReverseProxy();

app.Run();
