namespace Orleans.Rlvr.Runs;

/// <summary>
/// The section of <see cref="RunOptions"/> a task owns. Each task derives its own record (in the engine, beside the
/// task) and registers it; the task's registry name is the record's JSON discriminator and <see cref="Name"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.TaskOptions")]
public abstract record TaskOptions
{
    /// <summary>The task's registry name, e.g. <c>countdown</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public abstract string Name { get; }

    /// <summary>
    /// The settings a supervised warm start depends on (serialized into the warm-start cache key). By default the whole
    /// section: a task whose options include settings that only change rewards may return less. A method, not a
    /// property, so that no serializer (JSON, or the Redis storage's Newtonsoft) writes it as data.
    /// </summary>
    public virtual object WarmStartKey() => this;

    /// <summary>
    /// The same task with a teacher that never gives up early (its deliberate stops removed): its accuracy is the
    /// ceiling RL can reach by unlearning those stops. This section itself when the teacher has none.
    /// </summary>
    public virtual TaskOptions PatientTeacher() => this;

    /// <summary>Throws naming the first field (as <c>task.field</c>) outside its allowed range.</summary>
    public abstract void Validate();
}
