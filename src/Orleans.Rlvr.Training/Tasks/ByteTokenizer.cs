using System.Text;

namespace Orleans.Rlvr.Training.Tasks;

/// <summary>
/// A byte tokenizer for text tasks on the small policy: PAD = 0, BOS = 1, EOS = 2, then byte b of the text's UTF-8 as
/// id b + 3 (259 ids). Any text encodes; decoding skips the special ids and turns invalid UTF-8 into U+FFFD.
/// </summary>
public sealed class ByteTokenizer : ITokenizer
{
    private const int Specials = 3;

    public int VocabSize => 256 + Specials;

    public int PadId => 0;

    public int BosId => 1;

    public int EosId => 2;

    public int[] Encode(string text) => Encoding.UTF8.GetBytes(text).Select(b => b + Specials).ToArray();

    public string Decode(IEnumerable<int> ids) =>
        Encoding.UTF8.GetString(ids.Where(id => id >= Specials && id < VocabSize).Select(id => (byte)(id - Specials)).ToArray());
}
