namespace Pacesetter.Web.Pages.Supervision;

/// <summary>The texts of supervision's hub and navigation (Resources/Supervision.tsv → Pages.Supervision.SupervisionText.*.resx).</summary>
public sealed class SupervisionText;
