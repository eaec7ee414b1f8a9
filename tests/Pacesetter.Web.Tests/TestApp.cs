using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Tests;

/// <summary>The application on a fresh database of one provider, through the real HTTP pipeline (in memory).</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public TestApp(string provider = "Sqlite", bool demo = false)
    {
        Provider = provider;
        settings = Databases.Fresh(provider);
        settings["Demo"] = demo ? "true" : "false";
    }

    public string Provider { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
    }

    public PacesetterDb NewDb() => new(DatabaseOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).Build());

    public T Service<T>(Func<IServiceProvider, T> get)
    {
        using var scope = Services.CreateScope();
        return get(scope.ServiceProvider);
    }

    /// <summary>A client that keeps cookies and does not follow redirects (tests assert them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser-like client signed in as <paramref name="user"/>.</summary>
    public async Task<HttpClient> SignedIn(string user, string password)
    {
        var client = Browser();
        var page = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken(page);
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {user} failed: {(int)response.StatusCode}");
        return client;
    }

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } t
            ? t
            : Regex.Match(html, "\"RequestVerificationToken\": \"([^\"]+)\"").Groups[1].Value;
}
