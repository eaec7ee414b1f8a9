namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>The texts of the matters and notifications pages (Resources/Supervision.Matters.tsv → Pages.Supervision.Matters.MattersText.*.resx).</summary>
public sealed class MattersText;
