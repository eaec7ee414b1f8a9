namespace Pacesetter.Web.Pages.Supervision.Messages;

/// <summary>The texts of the webhooks page (Resources/Supervision.Webhooks.tsv → Pages.Supervision.Messages.WebhooksText.*.resx).</summary>
public sealed class WebhooksText;
