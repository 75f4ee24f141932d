using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>The device a module's parameters live on.</summary>
internal static class ModuleDevice
{
    public static Device Device(this nn.Module module) => module.parameters().First().device;
}
