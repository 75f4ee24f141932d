namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>Where and how a sweep's results are reported.</summary>
/// <param name="Folder">Results folder (CSV, JSON, plots); null: <c>{checkpoint root}/sweeps/{id}/results</c>.</param>
/// <param name="Json">Print a JSON summary on stdout instead of the table.</param>
/// <param name="Detach">Return once the sweep is started.</param>
/// <param name="Csv">A CSV file to write the per-step metrics to, besides the folder's.</param>
/// <param name="Plots">A folder to write the PNG plots to, instead of the results folder.</param>
/// <param name="Threshold">An avg@k to report steps-to-threshold and speedups for; null: not reported.</param>
public sealed record SweepOutputOptions(string? Folder, bool Json, bool Detach, string? Csv, string? Plots, double? Threshold = null);
