import ArgumentParser
import Checkpoints
import Foundation

/// `airs inspect FILE` lists every tensor of a safetensors or PyTorch file with statistics and
/// the metadata; `airs inspect A B --diff` prints a verdict with counts and the tensors that
/// differ, and exits as `diff` and `cmp` do: 0 identical, 1 different, 2 on an error.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a checkpoint's tensors (safetensors or .pth), or --diff two checkpoints.",
        discussion: """
            FILE is an AIRS safetensors checkpoint or a PyTorch .pth (zip or legacy format). With \
            --diff the exit status is 0 when the files are identical, 1 when they differ and 2 on \
            an error, as for diff and cmp.
            """)

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
        let urls = files.map { URL(fileURLWithPath: $0) }
        guard diff else {
            try reportingFailures(of: "inspect") {
                print(try CheckpointInspector.inspect(urls[0]).table)
                return 0
            }
            return
        }
        let difference: CheckpointDiff
        do {
            difference = try CheckpointInspector.diff(urls[0], urls[1], tolerance: tolerance)
        } catch {
            // Exit 1 means "the files differ", so a file that cannot be read is 2, as for cmp.
            FrontDoor.printError("airs inspect: \(error)")
            throw ExitCode(2)
        }
        print(difference.description)
        try finish(with: difference.exitStatus)
    }
}
