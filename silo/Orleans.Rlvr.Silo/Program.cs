using Orleans.Rlvr.Silo;

// rlvr-silo: one silo of an Orleans.Rlvr cluster. Settings: appsettings.json beside the executable, then one in
// the current directory, then RLVR_-prefixed environment variables (RLVR_Cluster__Clustering=Redis), then the
// command line (--Rlvr:Roles=rollout), later sources winning. SIGTERM or Ctrl+C stops it gracefully.
return await SiloHost.RunAsync(args);
