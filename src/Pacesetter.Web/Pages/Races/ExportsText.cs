namespace Pacesetter.Web.Pages.Races;

/// <summary>The resources of the exports page (Resources/Pages.Races.ExportsText.*.resx, from Pages.Races.ExportsText.tsv).</summary>
public sealed class ExportsText;
