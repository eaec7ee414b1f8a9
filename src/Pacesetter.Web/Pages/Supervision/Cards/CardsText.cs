namespace Pacesetter.Web.Pages.Supervision.Cards;

/// <summary>The texts of the tasks file, the cards read, the card rules and the month-end evaluation (Resources/Supervision.Cards.tsv).</summary>
public sealed class CardsText;
