using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Auth;

/// <summary>
/// The data-protection keys encrypted at rest with a certificate (<c>DataProtection:Certificate:*</c>, issue #13, ADR
/// 0048): the stored key holds an encrypted secret and no plain master key; another instance with the certificate (or
/// with a new certificate listing the old one) honours the first one's session; an instance without it sends the person
/// to sign in; without configuration the keys stay as they were; a missing or wrong certificate stops the start.
/// </summary>
public sealed class KeyEncryptionTests : IDisposable
{
    private const string Password = "pfx-pass";
    private readonly string folder = Directory.CreateTempSubdirectory("pacesetter-keys-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A self-signed RSA certificate with its private key, saved as <c>name</c>.pfx under the test's folder.</summary>
    private string NewCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=pacesetter-keys-{name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>Signs in as the demo's admin; the session cookie as a request's Cookie header.</summary>
    private static async Task<string> SessionCookieAsync(TestApp app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = DemoData.Slug,
            ["UserName"] = "admin",
            ["Password"] = DemoData.Password,
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pacesetter.auth=", StringComparison.Ordinal));
        return cookie[..cookie.IndexOf(';')];
    }

    /// <summary>The audit log's page with the session cookie: 200 when the session is honoured, else where it is sent.</summary>
    private static async Task<(HttpStatusCode Status, string? Location)> AuditWithAsync(TestApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, Routes.Audit(DemoData.Slug));
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.Location?.AbsolutePath);
    }

    /// <summary>
    /// Removes the key the demo's template was made with (it is unencrypted), before the app's first request reads the
    /// key ring: the app then makes its own.
    /// </summary>
    private static async Task<TestApp> WithoutKeysAsync(TestApp app)
    {
        await using var db = app.NewDb();
        await db.DataProtectionKeys.ExecuteDeleteAsync();
        return app;
    }

    private static async Task<List<string>> StoredKeysAsync(TestApp app)
    {
        await using var db = app.NewDb();
        return await db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Keys_are_stored_encrypted_and_read_by_an_instance_with_the_certificate_only(string provider)
    {
        var pfx = NewCertificate("current");
        await using var first = await WithoutKeysAsync(new TestApp(provider, demo: true).With("DataProtection:Certificate:Path", pfx).With("DataProtection:Certificate:Password", Password));
        var cookie = await SessionCookieAsync(first);
        Assert.Equal((HttpStatusCode.OK, null), await AuditWithAsync(first, cookie));

        var keys = await StoredKeysAsync(first);
        Assert.Single(keys);
        Assert.Contains("<encryptedSecret", keys[0]);
        Assert.Contains("<EncryptedData", keys[0]);
        Assert.DoesNotContain("<masterKey", keys[0]);

        // Another instance on the same database with the same certificate honours the session.
        await using (var same = TestApp.SecondInstance(first))
        {
            Assert.Equal((HttpStatusCode.OK, null), await AuditWithAsync(same, cookie));
        }

        // One without the certificate cannot read the key: the session is not honoured, the person is asked to sign in.
        await using var without = TestApp.SecondInstance(first).With("DataProtection:Certificate:Path", null).With("DataProtection:Certificate:Password", null);
        Assert.Equal((HttpStatusCode.Redirect, "/Account/Login"), await AuditWithAsync(without, cookie));
    }

    [Fact]
    public async Task A_new_certificate_listing_the_previous_one_reads_the_keys_it_encrypted()
    {
        var old = NewCertificate("old");
        var next = NewCertificate("new");
        var passwordFile = Path.Combine(folder, "password");
        File.WriteAllText(passwordFile, Password + "\n");
        await using var first = await WithoutKeysAsync(new TestApp(demo: true).With("DataProtection:Certificate:Path", old).With("DataProtection:Certificate:PasswordFile", passwordFile));
        var cookie = await SessionCookieAsync(first);

        await using (var newOnly = TestApp.SecondInstance(first).With("DataProtection:Certificate:Path", next))
        {
            Assert.Equal((HttpStatusCode.Redirect, "/Account/Login"), await AuditWithAsync(newOnly, cookie));
        }
        await using var rotated = TestApp.SecondInstance(first).With("DataProtection:Certificate:Path", next).With("DataProtection:Certificate:PreviousPaths:0", old);
        Assert.Equal((HttpStatusCode.OK, null), await AuditWithAsync(rotated, cookie));
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_are_stored_as_before_and_stay_readable_once_one_is_configured()
    {
        await using var plain = await WithoutKeysAsync(new TestApp(demo: true));
        var cookie = await SessionCookieAsync(plain);
        var keys = await StoredKeysAsync(plain);
        Assert.Single(keys);
        Assert.Contains("<masterKey", keys[0]);
        Assert.DoesNotContain("<encryptedSecret", keys[0]);

        // Configuring the certificate later: the unencrypted key is still read, and nothing is written until a new key is due.
        await using var encrypted = TestApp.SecondInstance(plain).With("DataProtection:Certificate:Path", NewCertificate("later")).With("DataProtection:Certificate:Password", Password);
        Assert.Equal((HttpStatusCode.OK, null), await AuditWithAsync(encrypted, cookie));
        Assert.Equal(keys, await StoredKeysAsync(encrypted));
    }

    [Fact]
    public void A_missing_or_unreadable_certificate_stops_the_start_naming_the_setting()
    {
        var missing = Path.Combine(folder, "missing.pfx");
        using (var app = new TestApp().With("DataProtection:Certificate:Path", missing))
        {
            var e = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
            Assert.Equal($"DataProtection:Certificate:Path: there is no certificate file at {missing}.", e.Message);
        }
        var pfx = NewCertificate("wrong-password");
        using (var app = new TestApp().With("DataProtection:Certificate:Path", pfx).With("DataProtection:Certificate:Password", "not the password"))
        {
            var e = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
            Assert.Matches(new Regex($"^DataProtection:Certificate:Path: {Regex.Escape(pfx)} cannot be opened as a \\.pfx with the configured password \\(DataProtection:Certificate:Password or PasswordFile\\): "), e.Message);
        }
    }
}
