namespace Orleans.Rlvr.Hosting;

/// <summary>Where runs and sweeps persist their state (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>File</c> (default: files under <see cref="Folder"/>, survives restarts of a one-machine cluster), <c>Memory</c> (lost with the silo that holds it) or <c>Redis</c>.</summary>
    public string Provider { get; set; } = "File";

    /// <summary>The folder of the file provider; relative paths are under the checkpoint root. Default <c>grain-state</c>.</summary>
    public string Folder { get; set; } = "grain-state";

    /// <summary>Throws naming <c>Storage:Provider</c> when it is none of the three.</summary>
    public StorageOptions Validate()
    {
        string[] valid = ["File", "Memory", "Redis"];
        if (!valid.Contains(Provider, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Storage:Provider: unknown provider '{Provider}'; valid: {string.Join(", ", valid)}.", "Storage:Provider");
        }

        return this;
    }
}
