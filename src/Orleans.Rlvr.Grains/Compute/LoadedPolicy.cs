using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Grains.Compute;

/// <summary>A policy version ready to sample: the module, the run options it was saved with, its task and a generator.</summary>
public sealed record LoadedPolicy(CausalPolicy Policy, RunOptions Options, IRlvrTask Task, RolloutGenerator Generator);
