using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Doubles written and read back bit for bit: the shortest form when it parses back to the same value, else all 17
/// digits; NaN and the infinities as the named literals <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>. .NET 10's
/// shortest formatting ("R", also System.Text.Json's) writes 2^-25 as 2.980232238769531E-08, which parses to its lower
/// neighbour, so a run's metrics read back from <c>state.json</c> differed in the last bit from the same run's in memory.
/// </summary>
public sealed class RoundTripDoubleConverter : JsonConverter<double>
{
    /// <summary>What a double's field takes, as error messages word it.</summary>
    public const string Expectation = "a number (NaN, Infinity and -Infinity are the only names accepted)";

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var text => throw new JsonException($"'{text}' is not {Expectation}."),
            };
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"expected a number, found {reader.TokenType}.");
        }

        // Parsed from the text (correctly rounded), so the value written by Write comes back bit for bit.
        var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        return double.Parse(System.Text.Encoding.UTF8.GetString(raw), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            var shortest = value.ToString("R", CultureInfo.InvariantCulture);
            var exact = double.Parse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(value)
                ? shortest
                : value.ToString("G17", CultureInfo.InvariantCulture);
            writer.WriteRawValue(exact, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
