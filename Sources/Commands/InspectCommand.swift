import Checkpoints
import Foundation

/// `airs inspect FILE` lists every tensor of a safetensors or PyTorch file with statistics and
/// the metadata; `airs inspect A B --diff` lists the tensors that differ.
struct InspectCommand: Command {
    let name = "inspect"
    let summary = "list a checkpoint's tensors (safetensors or .pth), or --diff two checkpoints"
    let usage = """
        usage: airs inspect FILE
               airs inspect FILE_A FILE_B --diff [--tolerance 0]
        FILE is an AIRS safetensors checkpoint or a PyTorch .pth (zip or legacy format).
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, flagNames: ["diff"])
        let files = parsed.positional.map { URL(fileURLWithPath: $0) }
        if parsed.flag("diff") {
            guard files.count == 2 else { throw UsageError("--diff compares exactly two files, got \(files.count)") }
            let tolerance = Double(parsed.option("tolerance") ?? "0") ?? 0
            let difference = try CheckpointInspector.diff(files[0], files[1], tolerance: tolerance)
            print(difference.table)
            return difference.isEmpty ? 0 : 1
        }
        guard files.count == 1 else { throw UsageError("give one file to inspect (or two with --diff)") }
        print(try CheckpointInspector.inspect(files[0]).table)
        return 0
    }
}
