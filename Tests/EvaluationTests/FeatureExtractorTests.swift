import Foundation
import TensorEngine
import Testing

@testable import Evaluation

/// A stand-in network: the feature of image "i<n>" is a fixed function of n and the seed.
final class CountingExtractor: FeatureExtractor, @unchecked Sendable {
    let seed: Float
    private(set) var calls = 0
    init(seed: Float) { self.seed = seed }
    var fingerprint: Data { Data("counting-\(seed)".utf8) }
    func extractFeatures(of images: [String]) throws -> Tensor {
        calls += 1
        let values = images.flatMap { name -> [Float] in
            let n = Float(name.dropFirst()) ?? 0
            return [1 + n.truncatingRemainder(dividingBy: 3), seed * n / 10, 0.5]
        }
        return try Tensor(shape: [images.count, 3], scalars: values)
    }
}

@Suite struct FeatureExtractorTests {
    @Test func asymmetricRunUsesTheGalleryCacheTheSecondTime() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-extract-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = (0..<12).map { "i\($0)" }
        let labels = try RetrievalLabels(pids: images.indices.map { $0 % 3 }, camids: Array(images.indices))
        let split = try RetrievalSplit(images: images, labels: labels)
        let student = CountingExtractor(seed: 1)
        let teacher = CountingExtractor(seed: 2)
        let log = LogSink()
        let evaluation = AsymmetricEvaluation(
            queryExtractor: student, galleryExtractor: teacher,
            cache: GalleryCache(directory: directory) { log.append($0) },
            evaluator: try RetrievalEvaluator())
        let first = try evaluation.run(query: split, gallery: split)
        let second = try evaluation.run(query: split, gallery: split)
        #expect(teacher.calls == 1 && student.calls == 2)
        #expect(first == second)
        #expect(log.lines.filter { $0.contains("reusing") }.count == 1)
        let direct = try RetrievalEvaluator().evaluate(
            queryFeatures: student.extractFeatures(of: images), galleryFeatures: teacher.extractFeatures(of: images),
            query: labels, gallery: labels)
        #expect(direct == first)
        #expect(throws: EvaluationError.self) { try RetrievalSplit(images: ["x"], labels: labels) }
    }
}
