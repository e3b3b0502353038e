using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using PawfectLive.Chat;
using PawfectLive.Gateway;
using PawfectLive.LiveKit;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.UnitTests;

/// <summary>Development conveniences cannot reach production: refused at start, whatever the settings say.</summary>
public sealed class ProductionSafetyTests
{
    private const string RealKey = "a-real-signing-key-of-the-pawfectmatch-app-0123456789";

    private static JwtAuthOptions Jwt(string? key = RealKey, string? authority = null) =>
        new() { Issuer = "pawfectmatch", Audience = "pawfectlive", SigningKey = key, Authority = authority };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void The_repositorys_development_signing_key_is_refused_outside_Development(string environment)
    {
        var developmentKey = JwtAuthOptions.KnownDevelopmentSigningKeys.First();

        var result = new JwtAuthProductionValidation(new Environment(environment)).Validate(null, Jwt(developmentKey));

        Assert.True(result.Failed);
        Assert.Contains("development key", result.FailureMessage);
        Assert.True(new JwtAuthProductionValidation(new Environment(Environments.Development)).Validate(null, Jwt(developmentKey)).Succeeded);
        Assert.True(new JwtAuthProductionValidation(new Environment(environment)).Validate(null, Jwt()).Succeeded);
    }

    [Fact]
    public void An_http_authority_is_refused_outside_Development()
    {
        var production = new JwtAuthProductionValidation(new Environment(Environments.Production));

        Assert.True(production.Validate(null, Jwt(key: null, authority: "http://login.pawfectmatch.example")).Failed);
        Assert.True(production.Validate(null, Jwt(key: null, authority: "https://login.pawfectmatch.example")).Succeeded);
    }

    [Fact]
    public void LiveKits_development_secret_is_refused_outside_Development()
    {
        var options = new LiveKitOptions { Url = "wss://live.example", ApiKey = "devkey", ApiSecret = LiveKitOptions.DevelopmentApiSecret };

        Assert.True(new LiveKitProductionValidation(new Environment(Environments.Production)).Validate(null, options).Failed);
        Assert.True(new LiveKitProductionValidation(new Environment(Environments.Development)).Validate(null, options).Succeeded);
        Assert.True(new LiveKitProductionValidation(new Environment(Environments.Production))
            .Validate(null, new LiveKitOptions { Url = "wss://live.example", ApiKey = "k", ApiSecret = "a-real-secret" }).Succeeded);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void The_development_token_endpoint_cannot_be_switched_on_outside_Development(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration["DevTokens:Enabled"] = "true";

        Assert.False(DevelopmentTokens.IsEnabled(builder));
    }

    [Fact]
    public void A_zero_chat_rate_limit_window_is_refused_at_start()
    {
        var options = new ChatOptions { RateLimitWindow = TimeSpan.Zero };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
