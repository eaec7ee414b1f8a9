namespace Pacesetter.Web.Pages.Surveys;

/// <summary>The texts of the ballot page <c>/s/{token}</c> (Resources/Pages.Surveys.BallotText.*.resx, from Resources/Ballot.tsv).</summary>
public sealed class BallotText;
