import ArgumentParser
import Checkpoints
import Foundation

/// `airs inspect FILE` lists every tensor of a safetensors or PyTorch file with statistics and
/// the metadata; `airs inspect A B --diff` lists the tensors that differ.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a checkpoint's tensors (safetensors or .pth), or --diff two checkpoints.",
        discussion: "FILE is an AIRS safetensors checkpoint or a PyTorch .pth (zip or legacy format).")

    @Argument(help: ArgumentHelp("One file, or two with --diff.", valueName: "FILE"))
    var files: [String]

    @Flag(help: "Compare two files tensor by tensor.")
    var diff = false

    @Option(help: "With --diff: the largest absolute difference counted as equal.")
    var tolerance = 0.0

    func validate() throws {
        if diff, files.count != 2 { throw ValidationError("--diff compares exactly two files, got \(files.count)") }
        if !diff, files.count != 1 { throw ValidationError("give one file to inspect (or two with --diff)") }
    }

    func run() throws {
        try reportingFailures(of: "inspect") {
            let urls = files.map { URL(fileURLWithPath: $0) }
            if diff {
                let difference = try CheckpointInspector.diff(urls[0], urls[1], tolerance: tolerance)
                print(difference.table)
                return difference.isEmpty ? 0 : 1
            }
            print(try CheckpointInspector.inspect(urls[0]).table)
            return 0
        }
    }
}
