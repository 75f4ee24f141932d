using System.Text.RegularExpressions;
using TorchSharp;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>Applies <see cref="TorchOptions"/> to the process's LibTorch and resolves the device. Call once at start-up.</summary>
public static partial class TorchRuntime
{
    public static torch.Device Configure(TorchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Range("Torch:Threads", options.Threads, 0, 4096);
        var device = ResolveDevice(options.Device);
        ApplyThreads(options);
        return device;
    }

    /// <summary>
    /// Sets LibTorch's intra-op threads for the calling thread (OpenMP keeps the count per OS thread, so every thread
    /// that runs tensor work calls this): one in deterministic mode, else <see cref="TorchOptions.Threads"/> when set.
    /// </summary>
    public static void ApplyThreads(TorchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Deterministic)
        {
            // One intra-op thread: CPU kernels then reduce in a fixed order (TorchSharp 0.107 does not implement
            // use_deterministic_algorithms, and CPU kernels need nothing more).
            torch.set_num_threads(1);
        }
        else if (options.Threads > 0)
        {
            torch.set_num_threads(options.Threads);
        }
    }

    /// <summary>Parses and checks a device name; a CUDA device on a CPU-only build is refused with the reason.</summary>
    public static torch.Device ResolveDevice(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, "Torch:Device");
        if (CudaName().IsMatch(name.Trim()) && !torch.cuda.is_available())
        {
            throw new ArgumentException(
                $"Torch:Device is '{name}' but CUDA is not available (this build uses the CPU LibTorch, or this machine has no CUDA device; build with -p:TorchBackend=cuda on a GPU host, or use cpu).",
                "Torch:Device");
        }

        torch.Device device;
        try
        {
            device = torch.device(name);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"Torch:Device '{name}' is not a device name; use cpu, cuda or cuda:N.", "Torch:Device", e);
        }

        return device;
    }

    [GeneratedRegex(@"^cuda(:\d+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex CudaName();
}
