using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// The one set of JSON settings of the system — run options, run state, checkpoint files, the CLI's JSON output and the
/// files users write: camelCase, enums as kebab-case strings, NaN and Infinity as named numbers, the task section and
/// aggregation state tagged with their registry names (<c>"name": "countdown"</c>), the subtypes taken from
/// <see cref="RlvrTasks"/> and <see cref="LossAggregations"/> so a new task or aggregation needs no edit here.
/// Reflection-based on purpose: System.Text.Json's source generator sets every init-only property it does not find
/// in the input to its default, so an option left out of a user's file would become 0 or null instead of its documented
/// default (SweepSpecFileTests.Read_FieldsLeftOut_KeepTheirDefaults fails with it).
/// </summary>
public static class RlvrJson
{
    /// <summary>The discriminator property of polymorphic sections.</summary>
    public const string Discriminator = "name";

    /// <summary>Indented: files people read (checkpoint state, run specs).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true, input: false);

    /// <summary>The same settings on one line (hash keys, JSON lines, <c>--json</c> output).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false, input: false);

    /// <summary>For files users write (sweep specs, loss batches): also any-case names, comments and trailing commas.</summary>
    public static JsonSerializerOptions Input { get; } = Create(indented: true, input: true);

    private static JsonSerializerOptions Create(bool indented, bool input)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // files people read: "+-", not "\u002B-"
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,   // null for a non-nullable string is refused, naming the field
            PropertyNameCaseInsensitive = input,
            ReadCommentHandling = input ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            AllowTrailingCommas = input,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new RoundTripDoubleConverter() },
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
