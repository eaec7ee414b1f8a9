namespace Pacesetter.Web.Pages.Audit;

/// <summary>The resources of the audit view (Resources/Audit.AuditText.*.resx, from Audit.AuditText.tsv).</summary>
public sealed class AuditText;
