using Orleans.Rlvr.Cluster;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Runtime;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// Balances learners over the learner silos (<see cref="ILearnerPlacementGrain"/>). Counts, per silo, the open learners
/// its <see cref="ISiloComputeGrain"/> reports plus the choices made here whose learner has not opened yet (a learner
/// appears in its silo's report as soon as its first <c>Open</c> call arrives); a choice is forgotten when released
/// (the run's first <c>Open</c> returned), once reported, after <see cref="ReservationLifetime"/>, or when its silo
/// leaves. Not reentrant: concurrent choices are made one at a time.
/// </summary>
public sealed class LearnerPlacementGrain(TimeProvider time) : Grain, ILearnerPlacementGrain
{
    /// <summary>How long an unreported choice still counts against its silo.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (string Silo, DateTimeOffset At)> _reserved = new(StringComparer.Ordinal);

    public Task Release(string runId)
    {
        _reserved.Remove(runId);
        return Task.CompletedTask;
    }

    public async Task<RunPlacement> Choose(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var hosts = (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Select(s => s.ToParsableString()).ToArray();
        var reports = await Task.WhenAll(hosts.Select(s => GrainFactory.GetGrain<ISiloComputeGrain>(s).GetReport()));
        var silos = hosts.Zip(reports).OrderBy(h => h.First, StringComparer.Ordinal).ToArray();
        var learnerSilos = silos
            .Where(h => SiloRoles.Includes(h.Second.Roles, SiloRoles.Learner))
            .Select(h => (Silo: h.First, h.Second.Learners))
            .ToArray();
        var rolloutSilos = silos.Where(h => SiloRoles.Includes(h.Second.Roles, SiloRoles.Rollout)).Select(h => h.First).ToArray();
        RunPlacement Placement(string? learner) =>
            new(learner, learner is not null && rolloutSilos.Contains(learner) ? [learner] : rolloutSilos);

        if (learnerSilos.FirstOrDefault(s => s.Learners.Contains(runId, StringComparer.Ordinal)) is { Silo: not null } open)
        {
            _reserved.Remove(runId);
            return Placement(open.Silo);
        }

        var reported = learnerSilos.SelectMany(s => s.Learners).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var (run, (silo, at)) in _reserved.ToArray())
        {
            if (reported.Contains(run) || now - at > ReservationLifetime || learnerSilos.All(s => s.Silo != silo))
            {
                _reserved.Remove(run);
            }
        }

        if (_reserved.TryGetValue(runId, out var reservation))
        {
            return Placement(reservation.Silo);
        }

        var chosen = learnerSilos
            .OrderBy(s => s.Learners.Count + _reserved.Values.Count(v => v.Silo == s.Silo))
            .ThenBy(s => s.Silo, StringComparer.Ordinal)
            .Select(s => s.Silo)
            .FirstOrDefault();
        if (chosen is not null)
        {
            _reserved[runId] = (chosen, now);
        }

        return Placement(chosen);
    }
}
