using System.CommandLine;
using Tessera.Cli;

var root = new RootCommand("tessera — OME-Zarr repository tools")
{
    InfoCommand.Create(),
    ChecksumCommand.Create(),
    CopyCommand.Create(),
    DemoCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
