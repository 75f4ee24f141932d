using System.CommandLine;
using Orleans.Rlvr.Hosting;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr cluster-cert --out FILE [--password P]</c>: a self-signed cluster certificate (.pfx) for <c>Cluster:Tls</c>.
/// Copy it to every silo and client of the cluster; only processes holding it can connect.
/// </summary>
public static class ClusterCertCommand
{
    public static Command Create(TextWriter output)
    {
        var outFile = new Option<string>("--out") { Description = "The .pfx file to write (refused if it exists).", Required = true };
        var password = new Option<string>("--password") { Description = "Password of the .pfx (default: none; the file is then the secret).", DefaultValueFactory = _ => "" };
        var years = new Option<int>("--years") { Description = "Validity in years, 1 to 10.", DefaultValueFactory = _ => 2 };
        var command = new Command("cluster-cert", "Write a self-signed cluster certificate for mutual TLS between silos and clients (Cluster:Tls).") { outFile, password, years };
        command.SetAction(parse =>
        {
            var path = OutputPaths.File("--out", parse.GetValue(outFile)!);
            if (File.Exists(path))
            {
                throw new UsageException($"--out: '{path}' exists; a new certificate would lock out every silo and client holding the old one. Give another file.");
            }

            if (parse.GetValue(years) is < 1 or > 10)
            {
                throw new UsageException($"--years: must be in [1, 10] (got {parse.GetValue(years)}).");
            }

            ClusterTls.CreateSelfSigned(path, parse.GetValue(password)!, parse.GetValue(years));
            output.WriteLine($"wrote {Path.GetFullPath(path)}: give it to every silo and client as Cluster:Tls:Certificate (RLVR_Cluster__Tls__Certificate)" +
                (parse.GetValue(password)!.Length > 0 ? " with Cluster:Tls:Password" : "") + "; keep it private.");
            return 0;
        });
        return command;
    }
}
