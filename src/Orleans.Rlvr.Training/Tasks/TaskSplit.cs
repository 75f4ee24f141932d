namespace Orleans.Rlvr.Training.Tasks;

/// <summary>Which disjoint part of a task's prompt stream.</summary>
public enum TaskSplit
{
    Train,
    Test,
}
