namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// Checks the paths a command will write to before it does any work, so that a long run never fails at its end for
/// a bad <c>--out</c>: a folder flag must not name a file, a file flag must not name a folder, and the nearest folder
/// that exists must accept a new file. Nothing is created here.
/// </summary>
public static class OutputPaths
{
    /// <summary>Refuses a folder path that is a file, or lies under one, or whose nearest existing folder is not writable.</summary>
    public static string Folder(string flag, string path)
    {
        RequireText(flag, path);
        if (System.IO.File.Exists(path))
        {
            throw new UsageException($"{flag}: '{path}' is a file; give a folder.");
        }

        RequireWritableAncestor(flag, Path.GetFullPath(path));
        return path;
    }

    /// <summary>Refuses a file path that is a folder, or lies under a file, or whose nearest existing folder is not writable.</summary>
    public static string File(string flag, string path)
    {
        RequireText(flag, path);
        if (Directory.Exists(path))
        {
            throw new UsageException($"{flag}: '{path}' is a folder; give a file name.");
        }

        var full = Path.GetFullPath(path);
        RequireWritableAncestor(flag, Path.GetDirectoryName(full) ?? full);
        return path;
    }

    private static void RequireText(string flag, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{flag}: the path is empty.");
        }
    }

    private static void RequireWritableAncestor(string flag, string folder)
    {
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing))
            {
                throw new UsageException($"{flag}: '{existing}' is a file, so no folder can be made under it.");
            }

            existing = Path.GetDirectoryName(existing) ?? throw new UsageException($"{flag}: '{folder}' has no existing parent folder.");
        }

        var probe = Path.Combine(existing, $".rlvr-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (System.IO.File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"{flag}: cannot write in '{existing}' ({e.Message}).");
        }
    }
}
