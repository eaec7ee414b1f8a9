using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pacesetter.Web.Pages.Audit;
using Pacesetter.Web.Tests.Localization;

namespace Pacesetter.Web.Tests.Audit;

/// <summary>The audit page names every kind of change in words, in both languages, never by its code.</summary>
public sealed partial class AuditKindLabelTests
{
    /// <summary>A kind as the application writes it: <c>w.Audit("unit.create", …)</c>, <c>new AuditRecord(actor, "data.import", …)</c>, a kind chosen in a switch, or a constant <c>SealKind = "audit.seal"</c>.</summary>
    [GeneratedRegex("""(?:Audit\(|AuditRecord\([^,()]+,\s*|=>\s*|[kK]ind\s*=\s*|\?\s*|:\s*)"((?:[a-z]+)\.[a-z][a-z-]*)"[,);\s]""")]
    private static partial Regex KindLiteral();

    [Fact]
    public void Every_kind_the_application_writes_has_a_Chinese_and_an_English_label()
    {
        // Every project that writes: the application layer, and the web host (the demo's import).
        var app = Path.Combine(ChinaTimeTests.Root(), "src");
        var kinds = ChinaTimeTests.Sources(app)
            .SelectMany(f => KindLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(k => k.Split('.')[0] is "audit" or "category" or "datum" or "data" or "evidence" or "kiosk" or "organization" or "period" or "project" or "role" or "scheme" or "token" or "unit" or "user" or "matter" or "instruction" or "reminder" or "webhook" or "bulletin" or "card" or "supervision" or "benchmarks" or "demo" or "exemption")
            .ToHashSet(StringComparer.Ordinal);
        // The scan finds the kinds (a scan that found none would prove nothing).
        Assert.Contains("unit.create", kinds);
        Assert.Contains("datum.approve", kinds);
        Assert.Contains("period.deadline", kinds);
        Assert.Contains("audit.seal", kinds);
        Assert.Contains("benchmarks.save", kinds);
        Assert.Contains("demo.supervision", kinds);

        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var text = factory.Create(typeof(AuditText));
        var missing = new List<string>();
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            try
            {
                missing.AddRange(kinds.Where(k => text["Kind." + k].ResourceNotFound).Select(k => $"{culture}: {k}"));
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }
        Assert.Empty(missing);
    }
}
