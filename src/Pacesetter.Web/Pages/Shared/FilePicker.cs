namespace Pacesetter.Web.Pages;

/// <summary>
/// A file input shown in the page's language (Pages/Shared/_FilePicker.cshtml): the browser's own "Choose File" follows
/// the browser's language, so the native input is visually hidden (still focusable and labelled by the page's own
/// label) behind a button and the chosen file's name, both in the page's language.
/// </summary>
/// <param name="Id">The input's id, which the page's own &lt;label for&gt; names.</param>
/// <param name="Name">The form field's name.</param>
/// <param name="Accept">The file types offered (the input's accept attribute).</param>
/// <param name="Required">Whether a file must be chosen before the form is sent.</param>
/// <param name="InGroup">True when the page already wraps the picker in a Bootstrap input-group (with a button after
/// it); otherwise the picker makes its own group.</param>
/// <param name="Small">The small size (input-group-sm), for a picker in its own group.</param>
/// <param name="Multiple">Several files at once (their names listed beside the button).</param>
public sealed record FilePicker(string Id, string Name, string Accept, bool Required = false, bool InGroup = false, bool Small = false, bool Multiple = false);
