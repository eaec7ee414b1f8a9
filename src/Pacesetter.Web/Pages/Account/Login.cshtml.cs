using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Account;

/// <summary>
/// Cookie sign-in. A wrong password and an unknown name get the same answer in the same time; guessing is slowed per
/// address and per name (<see cref="LoginGuard"/>), never by locking the account; an account locked by an admin says so
/// only to someone who gave its password.
/// </summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, LoginGuard guard, IStringLocalizer<SharedText> text, PacesetterDb db) : PageModel
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
        var name = UserName!.Trim();
        var address = ClientAddress.Of(HttpContext);
        if (!guard.TryAttempt(name, address))
        {
            Error = text["Login.TooMany"];
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var user = await signIn.UserManager.FindByNameAsync(name);
        if (!LoginGuard.Check(hasher, user, Password!))
        {
            guard.Failed(name, address);
            Error = text["Login.Invalid"];
        }
        else if (await signIn.UserManager.IsLockedOutAsync(user!))
        {
            Error = text["Login.LockedOut"];
        }
        else
        {
            await signIn.SignInAsync(user!, Remember);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
