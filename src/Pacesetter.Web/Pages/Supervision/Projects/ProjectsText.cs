namespace Pacesetter.Web.Pages.Supervision.Projects;

/// <summary>The texts of the major projects' pages (Resources/Supervision.Projects.tsv → Pages.Supervision.Projects.ProjectsText.*.resx).</summary>
public sealed class ProjectsText;
