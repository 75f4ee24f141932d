namespace Orleans.Rlvr.Runs;

/// <summary>DAPO's handling of responses that reach the maximum length without EOS.</summary>
public enum OverlongMode
{
    /// <summary>Truncated responses are scored like any other.</summary>
    None,

    /// <summary>Overlong filtering: truncated responses are kept for the group statistics but excluded from the loss.</summary>
    Filter,

    /// <summary>Soft overlong punishment: a penalty growing linearly over the last <c>overlongBuffer</c> tokens before M.</summary>
    SoftPenalty,
}
