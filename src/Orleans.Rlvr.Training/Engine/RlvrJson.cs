using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// The one JSON form of run options, run state and checkpoint files: camelCase, enums as kebab-case strings, the task
/// section and aggregation state tagged with their registry names (<c>"name": "countdown"</c>), the subtypes taken
/// from <see cref="RlvrTasks"/> and <see cref="LossAggregations"/> so a new task or aggregation needs no edit here.
/// </summary>
public static class RlvrJson
{
    /// <summary>The discriminator property of polymorphic sections.</summary>
    public const string Discriminator = "name";

    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same settings on one line (hash keys, JSON lines).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            AllowOutOfOrderMetadataProperties = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddRegisteredSubtypes } },
        };
        options.MakeReadOnly();
        return options;
    }

    private static void AddRegisteredSubtypes(JsonTypeInfo type)
    {
        IEnumerable<(Type Type, string Name)>? subtypes = null;
        if (type.Type == typeof(TaskOptions))
        {
            subtypes = RlvrTasks.All.Select(t => (t.OptionsType, t.Name));
        }
        else if (type.Type == typeof(AggregationState))
        {
            subtypes = LossAggregations.All.Where(a => a.StateType is not null).Select(a => (a.StateType!, a.Name));
        }

        if (subtypes is null)
        {
            return;
        }

        type.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = Discriminator,
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var (subtype, name) in subtypes)
        {
            type.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(subtype, name));
        }
    }
}
