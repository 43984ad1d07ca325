import Foundation

/// Folders the tests read, resolved from this file so the tests run from any directory.
enum TestPaths {
    /// The package root (two levels above `Tests/ConfigurationTests`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/upstream/Training_Configs`, or `AIRS_UPSTREAM_CONFIGS` when set.
    static var upstreamConfigs: URL {
        if let path = ProcessInfo.processInfo.environment["AIRS_UPSTREAM_CONFIGS"] {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent("../shared/upstream/Training_Configs").standardizedFileURL
    }

    /// AIRS's own `Configs/` tree.
    static var airsConfigs: URL { packageRoot.appendingPathComponent("Configs") }

    /// Every `.yaml` / `.yml` file below `folder`, as paths relative to it, sorted.
    static func yamlFiles(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { files.append(relative) }
        }
        return files.sorted()
    }

    /// A fresh temporary folder for files a test writes.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-config-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
