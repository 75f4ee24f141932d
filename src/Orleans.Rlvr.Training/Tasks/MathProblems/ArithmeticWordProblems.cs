using System.Globalization;

namespace Orleans.Rlvr.Training.Tasks.MathProblems;

/// <summary>
/// Generated arithmetic word problems in GSM8K's shape (a question; an answer field with one worked line per operation
/// and <c>#### N</c>), for the <c>math</c> task without a dataset file and for tests: four templates (buy and give away,
/// boxes, equal shares, wages minus spending), names and items drawn from short lists, all answers whole numbers ≥ 0.
/// </summary>
public static class ArithmeticWordProblems
{
    private static readonly string[] Names = ["Ada", "Ben", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun"];
    private static readonly string[] Items = ["apples", "pencils", "marbles", "stickers", "books", "cards", "shells", "coins"];

    /// <summary><paramref name="count"/> problems from <paramref name="seed"/>: (question, answer field) pairs.</summary>
    public static IReadOnlyList<(string Question, string Answer)> Generate(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => One(random)).ToArray();
    }

    private static (string, string) One(Random random)
    {
        var name = Names[random.Next(Names.Length)];
        var item = Items[random.Next(Items.Length)];
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        switch (random.Next(4))
        {
            case 0:
            {
                var (a, b) = (random.Next(5, 60), random.Next(2, 40));
                var c = random.Next(1, a + b);
                return (F($"{name} has {a} {item}. {name} buys {b} more and then gives away {c}. How many {item} does {name} have now?"),
                        F($"{a} + {b} = {a + b}\n{a + b} - {c} = {a + b - c}\n#### {a + b - c}"));
            }

            case 1:
            {
                var (a, b) = (random.Next(3, 25), random.Next(2, 12));
                return (F($"A box holds {a} {item}. How many {item} are in {b} boxes?"), F($"{a} * {b} = {a * b}\n#### {a * b}"));
            }

            case 2:
            {
                var (each, friends) = (random.Next(2, 20), random.Next(2, 9));
                return (F($"{name} shares {each * friends} {item} equally among {friends} friends. How many {item} does each friend get?"),
                        F($"{each * friends} / {friends} = {each}\n#### {each}"));
            }

            default:
            {
                var (wage, hours) = (random.Next(8, 30), random.Next(2, 9));
                var spent = random.Next(1, wage * hours);
                return (F($"{name} earns ${wage} an hour and works {hours} hours, then spends ${spent}. How many dollars does {name} have left?"),
                        F($"{wage} * {hours} = {wage * hours}\n{wage * hours} - {spent} = {wage * hours - spent}\n#### {wage * hours - spent}"));
            }
        }
    }
}
