namespace Pacesetter.Web.Pages.Public;

/// <summary>The resources of the public posting (Resources/Pages.Public.PublicText.*.resx, from Resources/Public.tsv).</summary>
public sealed class PublicText;
