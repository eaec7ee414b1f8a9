using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Accounts;

namespace Pacesetter.Web.Pages.Account;

/// <summary>Signing out ends the session on the server (every session of the user, ADR 0047), then removes the cookie.</summary>
public sealed class LogoutModel(SignInManager<AppUser> signIn, UserService users) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId) await users.EndSessionsAsync(userId);
        await signIn.SignOutAsync();
        return Redirect("/Account/Login");
    }
}
