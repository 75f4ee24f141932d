namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// What an <see cref="IAdaptiveAggregation"/> learned during a run, saved in every checkpoint so a resumed run continues
/// bit-identically. Each adaptive aggregation derives its own record and names it in its <see cref="AggregationDescriptor"/>.
/// </summary>
public abstract record AggregationState;
