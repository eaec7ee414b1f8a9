namespace Pacesetter.Web.Pages.DataEntry;

/// <summary>The resources of data entry, review, the completeness matrix and the preview (Resources/DataEntry.DataEntryText.*.resx).</summary>
public sealed class DataEntryText;
