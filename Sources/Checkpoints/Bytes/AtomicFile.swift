import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file replacement: the bytes go to a temporary file in the destination's folder,
/// are flushed to disk with `fsync`, and the temporary file is renamed over the destination.
/// A reader therefore sees either the complete previous version or the complete new one, even
/// if the writer is killed or the machine loses power mid-write.
public enum AtomicFile {
    /// Replaces the file at `url` with `bytes` atomically.
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        try bytes.withUnsafeBytes { try write(raw: $0, to: url) }
    }

    /// Replaces the file at `url` with `data` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try data.withUnsafeBytes { try write(raw: $0, to: url) }
    }

    /// Deletes temporary files that writers of `url` left behind when they were killed
    /// mid-write (those whose process no longer runs); returns their names.
    @discardableResult
    public static func removeStaleTemporaryFiles(for url: URL) -> [String] {
        let folder = url.deletingLastPathComponent()
        let prefix = temporaryPrefix(for: url)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            let pidText = name.dropFirst(prefix.count).prefix { $0 != "-" }
            guard let pid = Int32(pidText), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed.append(name) }
        }
        return removed
    }

    private static func temporaryPrefix(for url: URL) -> String { "." + url.lastPathComponent + ".tmp-" }

    private static func write(raw: UnsafeRawBufferPointer, to url: URL) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent().path
        // Same folder as the destination so that rename(2) stays on one file system and is atomic.
        let temporary = folder + "/" + temporaryPrefix(for: url) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure(path, "cannot create \(temporary)") }
        var written = 0
        while written < raw.count {
            let result = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                let error = failure(path, "writing \(temporary)")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let error = failure(path, "fsync of \(temporary)")
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = failure(path, "renaming \(temporary)")
            unlink(temporary)
            throw error
        }
        // Persist the directory entry too; a failure here leaves a valid file, so it is ignored.
        let directory = open(folder, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    private static func failure(_ path: String, _ step: String) -> CheckpointError {
        CheckpointError.unwritable(file: path, reason: "\(step): \(String(cString: strerror(errno)))")
    }
}

/// `write(2)` under a name that does not collide with `AtomicFile.write`.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
    #else
        return Darwin.write(fd, buffer, count)
    #endif
}
