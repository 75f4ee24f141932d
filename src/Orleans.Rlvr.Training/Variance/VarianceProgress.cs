namespace Orleans.Rlvr.Training.Variance;

/// <summary>Progress of a study: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/>.</summary>
public readonly record struct VarianceProgress(string Stage, int Done, int Total);
