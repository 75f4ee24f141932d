namespace Orleans.Rlvr.Runs;

/// <summary>DAPO's handling of responses that reach the maximum length without EOS.</summary>
public enum OverlongMode
{
    /// <summary>Truncated responses are scored like any other.</summary>
    None,

    /// <summary>Overlong filtering by masking: truncated responses are kept for the group statistics but excluded from the loss, their tokens out of N, ΣL and the ΔL normaliser.</summary>
    Filter,

    /// <summary>Soft overlong punishment: a penalty growing linearly over the last <c>overlongBuffer</c> tokens before M.</summary>
    SoftPenalty,

    /// <summary>
    /// Overlong filtering as the ΔL paper's code does it: truncated responses' advantages are set to 0 after the group
    /// statistics, while their tokens still count in N, ΣL and the ΔL normaliser (they dilute the others' weights).
    /// </summary>
    ZeroAdvantage,
}
