using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Account;

/// <summary>
/// Cookie sign-in with the organization, the user name and the password: a user name is unique within its organization
/// (ADR 0052). A wrong password, an unknown name and an unknown organization get the same answer in the same time;
/// guessing is slowed per address and per name (<see cref="LoginGuard"/>), never by locking the account; an account
/// locked by an admin says so only to someone who gave its password. The organization is filled in for the person:
/// from the address (<c>?org=</c>, or the organization page they were sent from), from their last sign-in on this
/// browser, or as the only organization of the installation.
/// </summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, LoginGuard guard, IStringLocalizer<SharedText> text, PacesetterDb db) : PageModel
{
    /// <summary>The cookie that remembers the organization of the last sign-in on this browser (its slug, nothing else).</summary>
    public const string OrgCookie = "pacesetter.org";

    // Empty fields bind as null (MVC turns an empty string into null): checked below, never dereferenced.
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool Remember { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    /// <summary>The message of a field left empty (the form is shown again with it under the field).</summary>
    public string? OrgError { get; private set; }
    public string? UserNameError { get; private set; }
    public string? PasswordError { get; private set; }

    /// <summary>The name of the organization filled in, shown under its field (null when the slug is no organization's).</summary>
    public string? OrgName { get; private set; }

    /// <summary>No platform administrator yet (a new installation): the page names the command that makes the first one.</summary>
    public bool NoAdminYet { get; private set; }

    public async Task OnGetAsync()
    {
        NoAdminYet = !await PlatformAdmins.ExistAsync(db, HttpContext.RequestAborted);
        Org = Slug(Org) ?? FromReturnUrl(ReturnUrl) ?? Slug(Request.Cookies[OrgCookie]) ?? await OnlyOrganizationAsync();
        // The form shows the value chosen here, not the one in the address ("QS" is shown as "qs").
        ModelState.Remove(nameof(Org));
        OrgName = await NameOfAsync(Org);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        NoAdminYet = !await PlatformAdmins.ExistAsync(db, ct);
        if (string.IsNullOrWhiteSpace(Org)) OrgError = text["Login.OrgRequired"];
        if (string.IsNullOrWhiteSpace(UserName)) UserNameError = text["Login.UserNameRequired"];
        if (string.IsNullOrEmpty(Password)) PasswordError = text["Login.PasswordRequired"];
        if (OrgError is not null || UserNameError is not null || PasswordError is not null)
        {
            OrgName = await NameOfAsync(Slug(Org));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var slug = Org!.Trim().ToLowerInvariant();
        var name = UserName!.Trim();
        var address = ClientAddress.Of(HttpContext);
        // The budget per name is per organization and name: two organizations' "admin" are two people.
        var account = slug + "/" + name;
        AppUser? user = null;
        if (!await guard.TryAttemptAsync(db, account, address, ct))
        {
            Error = text["Login.TooMany"];
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }
        else
        {
            // A slug the rule refuses is no organization's (and PostgreSQL cannot even be asked about one holding NUL).
            var orgId = OrgRules.Slug().IsMatch(slug)
                ? await db.Organizations.AsNoTracking().Where(o => o.Slug == slug).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct)
                : null;
            var normalized = signIn.UserManager.NormalizeName(name);
            if (orgId is { } id && !InputLimits.HasControl(name))
            {
                user = await db.Users.FirstOrDefaultAsync(u => u.OrganizationId == id && u.NormalizedUserName == normalized, ct);
            }
            if (!LoginGuard.Check(hasher, user, Password!))
            {
                await guard.FailedAsync(db, account, address, ct);
                Error = text["Login.Invalid"];
            }
            else if (await signIn.UserManager.IsLockedOutAsync(user!))
            {
                Error = text["Login.LockedOut"];
            }
            else
            {
                await signIn.SignInAsync(user!, Remember);
                Response.Cookies.Append(OrgCookie, slug, new CookieOptions
                {
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(365),
                });
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        OrgName = await NameOfAsync(slug);
        return Page();
    }

    /// <summary>A value that could be an organization's slug, lower-cased; null otherwise.</summary>
    private static string? Slug(string? value) =>
        value?.Trim().ToLowerInvariant() is { } s && OrgRules.Slug().IsMatch(s) ? s : null;

    /// <summary>The organization of a return address under <c>/orgs/{slug}/</c>.</summary>
    private static string? FromReturnUrl(string? returnUrl) =>
        returnUrl is { } url && url.StartsWith("/orgs/", StringComparison.Ordinal)
            ? Slug(url["/orgs/".Length..].Split('/', '?', '#')[0])
            : null;

    /// <summary>The slug of the installation's only organization (a district on one machine), or null.</summary>
    private async Task<string?> OnlyOrganizationAsync()
    {
        var two = await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Slug).Take(2).ToListAsync(HttpContext.RequestAborted);
        return two.Count == 1 ? two[0] : null;
    }

    private async Task<string?> NameOfAsync(string? slug) =>
        slug is null ? null : await db.Organizations.AsNoTracking().Where(o => o.Slug == slug).Select(o => o.Name).FirstOrDefaultAsync(HttpContext.RequestAborted);
}
