using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Pages.Account;

/// <summary>Cookie sign-in, with lockout after repeated failures.</summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, IStringLocalizer<SharedText> text, PacesetterDb db) : PageModel
{
    // Empty fields bind as null (MVC turns an empty string into null): checked below, never dereferenced.
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool Remember { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    /// <summary>The message of a field left empty (the form is shown again with it under the field).</summary>
    public string? UserNameError { get; private set; }
    public string? PasswordError { get; private set; }

    /// <summary>No platform administrator yet (a new installation): the page names the command that makes the first one.</summary>
    public bool NoAdminYet { get; private set; }

    public async Task OnGetAsync() => NoAdminYet = !await PlatformAdmins.ExistAsync(db, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        NoAdminYet = !await PlatformAdmins.ExistAsync(db, HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(UserName)) UserNameError = text["Login.UserNameRequired"];
        if (string.IsNullOrEmpty(Password)) PasswordError = text["Login.PasswordRequired"];
        if (UserNameError is not null || PasswordError is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName!.Trim(), Password!, Remember, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        Error = result.IsLockedOut ? text["Login.LockedOut"] : text["Login.Invalid"];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
