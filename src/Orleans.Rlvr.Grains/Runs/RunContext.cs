using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Grains.Runs;

/// <summary>What a silo needs to serve one run: its options, its task (prompts, tokenizer, verifier) and its group scorer.</summary>
public sealed record RunContext(string Directory, RunOptions Options, IRlvrTask Task, GroupScorer Scorer);
