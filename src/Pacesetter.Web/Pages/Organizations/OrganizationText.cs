namespace Pacesetter.Web.Pages.Organizations;

/// <summary>The resources of the organization pages (units, users, tokens, organizations): Resources/Organizations.OrganizationText.*.resx.</summary>
public sealed class OrganizationText;
