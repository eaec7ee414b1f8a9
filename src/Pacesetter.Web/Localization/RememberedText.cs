using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Pacesetter.Web.Localization;

/// <summary>
/// The pages' texts, each looked up once per language and then remembered. The framework's resource localizer asks
/// <see cref="System.Resources.ResourceManager"/> on every use, which takes a lock: a 500-row leaderboard asks some
/// two thousand times per answer, and under a crowd the requests queue on that lock (bench/race-load.sh measured a
/// third of the leaderboard's processor time there). The resources are compiled into the application and never change
/// while it runs, so remembering them is exact. Formatting with arguments is the framework's own
/// (<c>string.Format</c> in the current culture on the text found, or on the name when none is).
/// </summary>
public sealed class RememberedTextFactory(ResourceManagerStringLocalizerFactory resources) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<Type, IStringLocalizer> byType = new();
    private readonly ConcurrentDictionary<(string BaseName, string Location), IStringLocalizer> byName = new();

    public IStringLocalizer Create(Type resourceSource) =>
        byType.GetOrAdd(resourceSource, t => new RememberedText(resources.Create(t)));

    public IStringLocalizer Create(string baseName, string location) =>
        byName.GetOrAdd((baseName, location), k => new RememberedText(resources.Create(k.BaseName, k.Location)));
}

/// <summary>One resource's texts, remembered per language (see <see cref="RememberedTextFactory"/>).</summary>
public sealed class RememberedText(IStringLocalizer resources) : IStringLocalizer
{
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> known = new();

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            return known.GetOrAdd((CultureInfo.CurrentUICulture.Name, name), static (k, r) => r[k.Name], resources);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var text = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound, text.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => resources.GetAllStrings(includeParentCultures);
}
