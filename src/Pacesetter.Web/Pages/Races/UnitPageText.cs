namespace Pacesetter.Web.Pages.Races;

/// <summary>The texts of the unit's page (Resources/Pages.Races.UnitPageText.*.resx, from Resources/UnitPage.tsv).</summary>
public sealed class UnitPageText;
