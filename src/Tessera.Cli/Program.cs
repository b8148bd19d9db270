using System.CommandLine;
using Tessera.Cli;

var root = new RootCommand("tessera — OME-Zarr repository tools")
{
    InfoCommand.Create(),
    ChecksumCommand.Create(),
    CopyCommand.Create(),
    DemoCommand.Create(),
    ValidateCommand.Create(),
    UpgradeCommand.Create(),
    ConvertCommand.Create(),
    ConvertPlateCommand.Create(),
    InitCommand.Create(),
    ImportCommand.Create(),
    AnnotateCommand.Create(),
    SearchCommand.Create(),
    ServeCommand.Create(),
};

// System.CommandLine exits 1 on a parse error; ours are usage errors (2), so 1 keeps meaning "bad data".
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync().ConfigureAwait(false);
return parsed.Errors.Count > 0 ? CommandFailure.Usage : exitCode;
