import Foundation
import ScriptLanguage

/// Where a binding writes a file the script named (`to: "runs/x/q.png"`): missing folders are
/// made first, so a script need not create them, and a path that cannot be a file is a
/// diagnostic naming it.
enum OutputFile {
    /// The URL of `path`, with its parent folder created.
    static func prepare(_ path: String, for function: String) throws -> URL {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw ScriptError(.value, "\(function) needs a file name to write, got \"\(path)\"")
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ScriptError(.value, "\(function) cannot write \(path): \(folder.path) is a file, not a folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw ScriptError(
                    .value,
                    "\(function) cannot create the folder \(folder.path) for \(path): \(error.localizedDescription)")
            }
        }
        return url
    }
}
