namespace Pacesetter.Web.Pages.Supervision.Bulletins;

/// <summary>The texts of the bulletin and timeline pages (Resources/Supervision.Bulletins.tsv → Pages.Supervision.Bulletins.BulletinsText.*.resx).</summary>
public sealed class BulletinsText;
