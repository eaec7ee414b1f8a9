using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Pacesetter.Web.Auth;

/// <summary>
/// The data-protection keys (the sign-in cookie's and the antiforgery tokens' keys, kept in the database) encrypted at
/// rest with a certificate (issue #13, ADR 0048): <c>DataProtection:Certificate:Path</c> (a .pfx with its private key)
/// and its <c>Password</c> or <c>PasswordFile</c>. Keys written from then on are encrypted; keys written before stay
/// readable. <c>PreviousPaths</c> (with <c>PreviousPassword</c> or <c>PreviousPasswordFile</c>, else the same password)
/// name the certificates of earlier keys, so that a new certificate still reads them. Without a path nothing changes:
/// the keys are stored unencrypted, as before. A certificate that is missing or cannot be opened stops the start.
/// </summary>
public static class KeyEncryption
{
    public const string Section = "DataProtection:Certificate";

    public static IDataProtectionBuilder ProtectKeysAsConfigured(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var previousPassword = Password(section, "PreviousPassword") ?? Password(section, "Password");
        var previous = PreviousPaths(section).Select(p => Load(p, previousPassword, $"{Section}:PreviousPaths")).ToList();
        if (section["Path"] is { Length: > 0 } path)
        {
            var certificate = Load(path, Password(section, "Password"), $"{Section}:Path");
            builder.ProtectKeysWithCertificate(certificate);
            previous.Insert(0, certificate);
        }
        if (previous.Count > 0) builder.UnprotectKeysWithAnyCertificate([.. previous]);
        return builder;
    }

    /// <summary><c>PreviousPaths</c> as a list (<c>PreviousPaths:0</c>, <c>PreviousPaths__0</c>…) or one value separated by semicolons.</summary>
    private static IEnumerable<string> PreviousPaths(IConfigurationSection section)
    {
        var list = section.GetSection("PreviousPaths");
        var values = list.Value is { Length: > 0 } one ? one.Split(';') : list.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }

    /// <summary>The password given itself (<c>name</c>) or in a file (<c>nameFile</c>, its trailing line break ignored); null when neither.</summary>
    private static string? Password(IConfigurationSection section, string name)
    {
        if (section[name] is { } password) return password;
        if (section[name + "File"] is not { Length: > 0 } file) return null;
        try
        {
            return File.ReadAllText(file).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Section}:{name}File: the password file {file} cannot be read ({e.Message}).", e);
        }
    }

    private static X509Certificate2 Load(string path, string? password, string setting)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{setting}: there is no certificate file at {path}.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}: {path} cannot be opened as a .pfx with the configured password ({Section}:Password or PasswordFile): {e.Message}", e);
        }
        if (!certificate.HasPrivateKey) throw new InvalidOperationException($"{setting}: {path} holds no private key; the keys could not be read back with it.");
        return certificate;
    }
}
