namespace Pacesetter.Web;

/// <summary>The resources of the layout and of pages shared by every feature (Resources/SharedText.*.resx, from SharedText.tsv).</summary>
public sealed class SharedText;
