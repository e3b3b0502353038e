using Scalar.AspNetCore;

namespace PawfectLive.Gateway;

/// <summary>
/// The API contract as the app sees it: each service's OpenAPI document is proxied at <c>/openapi/{service}.json</c>
/// (routes in appsettings.json), and in Development an interactive reference (Scalar) at <c>/api-docs</c>.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api-docs";
    public static readonly string[] Services = ["streams", "webhooks", "notifications"];

    public static WebApplication MapApiReference(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        app.MapScalarApiReference(Path, options =>
        {
            options.WithTitle("PawfectLive API");
            foreach (var service in Services)
            {
                options.AddDocument(service, $"PawfectLive {service}", $"/openapi/{service}.json");
            }
        });
        return app;
    }
}
