import Foundation

/// `manifest.json`: every file of a session folder with its size and FNV-1a checksum, so a
/// folder changed by hand after saving is refused with the name of the file that differs.
enum SessionManifest {
    static let fileName = "manifest.json"

    static func write(for folder: URL) throws {
        var entries: [String: [String: Any]] = [:]
        for path in files(in: folder) {
            let data = try Data(contentsOf: folder.appendingPathComponent(path))
            entries[path] = ["bytes": data.count, "fnv1a": checksum(data)]
        }
        let json = try JSONSerialization.data(
            withJSONObject: ["files": entries], options: [.prettyPrinted, .sortedKeys])
        try json.write(to: folder.appendingPathComponent(fileName))
    }

    static func verify(folder: URL) throws(ShellError) {
        let manifestURL = folder.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: manifestURL),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = root["files"] as? [String: [String: Any]]
        else {
            throw .damagedSession(path: manifestURL.path, reason: "the manifest is missing or not valid JSON")
        }
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(path)
            guard let contents = try? Data(contentsOf: url) else {
                throw .damagedSession(path: url.path, reason: "the file listed in the manifest is missing")
            }
            guard entry["bytes"] as? Int == contents.count, entry["fnv1a"] as? String == checksum(contents) else {
                throw .damagedSession(
                    path: url.path, reason: "it was changed after the session was saved (checksum mismatch)")
            }
        }
    }

    /// Relative paths of the regular files under `folder`, manifest excluded.
    private static func files(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = folder.appendingPathComponent(path).path
            if path != fileName, FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    static func checksum(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
