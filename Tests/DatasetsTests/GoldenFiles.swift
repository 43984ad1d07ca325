import Foundation

/// Locates and parses the golden reference files (`AIRS_GOLDEN_DIR`, default `../shared/golden`
/// from the package root).
enum GoldenFiles {
    static var root: URL {
        if let custom = ProcessInfo.processInfo.environment["AIRS_GOLDEN_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/golden").standardizedFileURL
    }

    /// Every JSON object in `folder` whose `kind` equals `kind`, with its file name.
    static func objects(in folder: String, kind: String) throws -> [(name: String, object: [String: Any])] {
        let directory = root.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.compactMap { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                object["kind"] as? String == kind
            else { return nil }
            return (name, object)
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    func dict(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func int(_ key: String) -> Int { (self[key] as? NSNumber)?.intValue ?? -1 }
    func double(_ key: String) -> Double { (self[key] as? NSNumber)?.doubleValue ?? .nan }
    func ints(_ key: String) -> [Int] { (self[key] as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? [] }
    func doubles(_ key: String) -> [Double] {
        (self[key] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
    }
    func string(_ key: String) -> String { self[key] as? String ?? "" }
    /// `first_pixels` flattened to bytes.
    func pixelList(_ key: String) -> [Int] {
        (self[key] as? [[Any]])?.flatMap { $0.compactMap { ($0 as? NSNumber)?.intValue } } ?? []
    }
}
