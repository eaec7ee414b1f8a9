namespace Pacesetter.Web.Pages.Schemes;

/// <summary>The resources of the schemes feature (Resources/Schemes.SchemesText.*.resx, from Schemes.SchemesText.tsv).</summary>
public sealed class SchemesText;
