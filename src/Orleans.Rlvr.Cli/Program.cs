using System.CommandLine;
using Orleans.Rlvr.Cli.Commands;

var root = new RootCommand("rlvr: RLVR experiments with ΔL loss aggregation on an Orleans cluster.")
{
    LossCommand.Create(Console.Out, Console.Error),
    TrainCommand.Create(Console.Out, Console.Error),
    TaskStatsCommand.Create(Console.Out, Console.Error),
    VarianceCommand.Create(Console.Out, Console.Error),
    SweepCommand.Create(Console.Out, Console.Error),
    SweepQueryCommands.Status(Console.Out, Console.Error),
    SweepQueryCommands.Results(Console.Out, Console.Error),
    SweepQueryCommands.Cancel(Console.Out, Console.Error),
    SilosCommand.Create(Console.Out),
    ClusterCertCommand.Create(Console.Out),
    ModelCommand.Create(Console.Out),
    TaskDataCommand.Create(Console.Out),
};

return CommandLineRunner.Run(root, args, Console.Error);
