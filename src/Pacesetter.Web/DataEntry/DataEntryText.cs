namespace Pacesetter.Web.DataEntry;

/// <summary>The resources of data entry, review, the completeness matrix and the preview (Resources/DataEntry.DataEntryText.*.resx).</summary>
public sealed class DataEntryText;
