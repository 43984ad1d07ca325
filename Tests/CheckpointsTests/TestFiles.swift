import Foundation

@testable import Checkpoints

/// Paths the checkpoint tests share: fixtures beside this file, scratch folders per test.
enum TestFiles {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh empty folder under the system's temporary directory.
    static func scratchDirectory(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("airs-checkpoints-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The error `body` throws, or `nil`.
    static func error(_ body: () throws -> Void) -> CheckpointError? {
        do { try body() } catch let error as CheckpointError { return error } catch { return nil }
        return nil
    }

    /// A deterministic float32 tensor of `shape` (values from a fixed linear congruential sequence).
    static func storedFloats(_ shape: [Int], seed: UInt64 = 1) -> StoredTensor {
        var state = seed
        let values: [Float] = (0..<shape.reduce(1, *)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(state >> 40) - (1 << 23)) / Float(1 << 20)
        }
        return StoredTensor(unchecked: .float32, shape: shape, bytes: values.withUnsafeBytes { Array($0) })
    }
}
