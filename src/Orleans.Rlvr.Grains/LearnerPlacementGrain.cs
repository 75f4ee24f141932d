using Orleans.Rlvr.Cluster;
using Orleans.Rlvr.Grains.Configuration;

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
        var silos = await SiloReports.BySilo(GrainFactory);
        var learnerSilos = silos
            .Where(s => SiloRoles.Includes(s.Report.Roles, SiloRoles.Learner))
            .Select(s => (Silo: s.Address, s.Report.Learners))
            .ToArray();
        var rolloutSilos = silos.Where(s => SiloRoles.Includes(s.Report.Roles, SiloRoles.Rollout)).Select(s => s.Address).ToArray();
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
