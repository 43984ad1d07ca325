import Foundation

/// The folder of PyTorch reference values: `AIRS_GOLDEN_DIR`, or `../shared/golden` beside the
/// package root.
public func goldenDirectory(filePath: String = #filePath) -> URL {
    if let path = ProcessInfo.processInfo.environment["AIRS_GOLDEN_DIR"], !path.isEmpty {
        return URL(fileURLWithPath: path)
    }
    return packageRoot(filePath: filePath).deletingLastPathComponent().appendingPathComponent("shared/golden")
}

/// The package root, found by walking up from a source file to the folder with `Package.swift`.
public func packageRoot(filePath: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        url.deleteLastPathComponent()
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}

/// The JSON files of a golden subfolder, sorted by name (empty when the folder is absent).
public func goldenFiles(_ subfolder: String, filePath: String = #filePath) -> [URL] {
    let folder = goldenDirectory(filePath: filePath).appendingPathComponent(subfolder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".json") && $0 != "index.json" }.sorted().map {
        folder.appendingPathComponent($0)
    }
}
