using System.Reflection;
using System.Text.Json;
using Orleans.Rlvr.Hosting;

namespace Orleans.Rlvr.Hosting.Tests;

/// <summary>
/// The client half must not bring LibTorch into a pure client. Two views: the dependency graph this test's deps.json
/// records (every project and package reference, used or not) and the assembly references the compiler emitted.
/// </summary>
public sealed class ClientDependencyTests
{
    private static readonly string[] Forbidden = ["Orleans.Rlvr.Grains", "Orleans.Rlvr.Training", "Orleans.Rlvr.Hosting", "TorchSharp"];

    [Fact]
    public void Client_DependsOnNeitherGrainsNorTrainingNorTorchSharp()
    {
        var closure = DependencyClosure("Orleans.Rlvr.Client");

        Assert.Contains("Orleans.Rlvr.Abstractions", closure);
        Assert.DoesNotContain(closure, IsForbidden);
    }

    [Fact]
    public void Hosting_DependsOnTorchSharp_SoTheClosureSeesSuchReferences()
    {
        // The control: the same walk over the silo half must find what the client's must not.
        var closure = DependencyClosure("Orleans.Rlvr.Hosting");

        Assert.Contains("Orleans.Rlvr.Client", closure);
        Assert.Contains("Orleans.Rlvr.Grains", closure);
        Assert.Contains("TorchSharp", closure);
    }

    [Fact]
    public void ClientAssembly_ReferencesNoForbiddenAssembly()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([typeof(RlvrClientBuilderExtensions).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (name.Name is null || !seen.Add(name.Name))
                {
                    continue;
                }

                Assert.False(IsForbidden(name.Name), $"{assembly.GetName().Name} references {name.Name}.");
                if (name.Name.StartsWith("Orleans.", StringComparison.Ordinal))
                {
                    pending.Enqueue(Assembly.Load(name));
                }
            }
        }

        Assert.Contains("Orleans.Rlvr.Abstractions", seen);
    }

    private static bool IsForbidden(string name) =>
        Forbidden.Any(f => name.Equals(f, StringComparison.OrdinalIgnoreCase) || name.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase))
        || name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every library <paramref name="library"/> depends on, directly or not, by this test's deps.json.</summary>
    private static HashSet<string> DependencyClosure(string library)
    {
        var path = Path.Combine(AppContext.BaseDirectory, typeof(ClientDependencyTests).Assembly.GetName().Name + ".deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(path));
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var dependencies = target.EnumerateObject().ToDictionary(
            p => p.Name[..p.Name.IndexOf('/', StringComparison.Ordinal)],
            p => p.Value.TryGetProperty("dependencies", out var d) ? d.EnumerateObject().Select(x => x.Name).ToArray() : [],
            StringComparer.OrdinalIgnoreCase);
        Assert.True(dependencies.ContainsKey(library), $"{path} does not list {library}.");

        var closure = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(dependencies[library]);
        while (pending.TryPop(out var name))
        {
            if (closure.Add(name) && dependencies.TryGetValue(name, out var next))
            {
                foreach (var n in next)
                {
                    pending.Push(n);
                }
            }
        }

        return closure;
    }
}
