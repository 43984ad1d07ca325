import Foundation

/// Whole-file reads that report failures as `CheckpointError`s naming the file.
enum FileBytes {
    static func read(_ url: URL) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: url.path) ? "\(error.localizedDescription)" : "no such file"
            throw CheckpointError.unreadable(file: url.path, reason: reason)
        }
    }
}
