using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Rlvr.Grains.Runs;

/// <summary>
/// Writes of a grain's own state that survive a write whose reply was lost. When storage commits a write but the
/// connection drops before the new ETag comes back (Redis restarted mid-write), the activation keeps the old ETag and
/// every later write is refused as a version conflict, for ever: the chaos trial's run failed after eight attempts.
/// On a conflict the stored record is read back; when it is this activation's own history (<c>isOwnHistory(stored,
/// mine)</c>: the same run, not further along), the newer state in memory is written over it. Anything else — another
/// activation that moved on — is still refused.
/// </summary>
public static class OwnStateWrites
{
    public static async Task WriteOwnStateAsync<T>(this IPersistentState<T> state, DeepCopier<T> copier, Func<T, T, bool> isOwnHistory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(copier);
        ArgumentNullException.ThrowIfNull(isOwnHistory);
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            var mine = copier.Copy(state.State)!;
            await state.ReadStateAsync();
            if (!isOwnHistory(state.State, mine))
            {
                // The record and its ETag are now in memory: a retry continues from them and cannot overwrite them.
                throw;
            }

            state.State = mine;
            await state.WriteStateAsync();
        }
    }
}
