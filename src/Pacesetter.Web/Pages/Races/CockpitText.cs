namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// The texts of the leaders' screen (驾驶舱) and of the kiosk (大屏): Resources/Pages.Races.CockpitText.*.resx, written
/// from Resources/Cockpit.tsv by tools/resx.py.
/// </summary>
public sealed class CockpitText;
