import TensorEngine
import Testing

@testable import Evaluation

/// Every bad input is rejected with an error whose message names the input and the numbers.
@Suite struct EvaluationErrorTests {
    let evaluator = try! RetrievalEvaluator()
    let labels3 = try! RetrievalLabels(pids: [0, 1, 0], camids: [0, 0, 1])

    func features(_ rows: Int, _ dim: Int, poison: (row: Int, column: Int, value: Float)? = nil) throws -> Tensor {
        var values = (0..<(rows * dim)).map { Float($0 % 7) + 1 }
        if let poison { values[poison.row * dim + poison.column] = poison.value }
        return try Tensor(shape: [rows, dim], scalars: values)
    }

    func expectError(_ expected: EvaluationError, mentions words: [String], _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(expected)")
        } catch let error as EvaluationError {
            #expect(error.description == expected.description)
            for word in words { #expect(error.description.contains(word), "\(error.description) lacks \(word)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func mismatchedDimensions() throws {
        expectError(.dimensionMismatch(queryDim: 4, galleryDim: 3), mentions: ["4 dimensions", "3"]) {
            _ = try evaluator.evaluate(
                queryFeatures: features(3, 4), galleryFeatures: features(3, 3),
                query: labels3, gallery: labels3)
        }
    }

    @Test func mismatchedCounts() throws {
        let two = try RetrievalLabels(pids: [0, 1], camids: [0, 0])
        expectError(
            .countMismatch(role: "query", features: 3, labels: "ids", count: 2),
            mentions: ["query", "3 feature rows", "2 ids"]
        ) {
            _ = try evaluator.evaluate(
                queryFeatures: features(3, 4), galleryFeatures: features(3, 4), query: two, gallery: labels3)
        }
        expectError(.countMismatch(role: "gallery", features: 3, labels: "ids", count: 2), mentions: ["gallery"]) {
            _ = try evaluator.evaluate(distances: features(3, 3), query: labels3, gallery: two)
        }
        expectError(
            .countMismatch(role: "labels", features: 2, labels: "camera ids", count: 1), mentions: ["camera ids"]
        ) {
            _ = try RetrievalLabels(pids: [1, 2], camids: [0])
        }
    }

    @Test func emptySets() throws {
        let none = try RetrievalLabels(pids: [], camids: [])
        let empty = try Tensor(shape: [0, 4], scalars: [])
        expectError(.empty(role: "query features"), mentions: ["query features set is empty"]) {
            _ = try evaluator.evaluate(
                queryFeatures: empty, galleryFeatures: features(3, 4), query: none, gallery: labels3)
        }
        expectError(.empty(role: "gallery features"), mentions: ["gallery features set is empty"]) {
            _ = try evaluator.evaluate(
                queryFeatures: features(3, 4), galleryFeatures: empty, query: labels3, gallery: none)
        }
    }

    @Test func nonFiniteValues() throws {
        expectError(
            .nonFinite(role: "gallery features", row: 2, column: 1, value: .nan),
            mentions: ["gallery features", "row 2", "column 1", "nan"]
        ) {
            _ = try evaluator.evaluate(
                queryFeatures: features(3, 4), galleryFeatures: features(3, 4, poison: (2, 1, .nan)),
                query: labels3, gallery: labels3)
        }
        expectError(
            .nonFinite(role: "distance matrix", row: 0, column: 2, value: .infinity),
            mentions: ["distance matrix", "inf"]
        ) {
            _ = try evaluator.evaluate(
                distances: features(3, 3, poison: (0, 2, .infinity)), query: labels3, gallery: labels3)
        }
    }

    @Test func badShapes() throws {
        let vector = try Tensor(shape: [4], scalars: [1, 2, 3, 4])
        expectError(
            .badFeatureShape(role: "query features", shape: [4], expected: "[rows, columns]"), mentions: ["[4]"]
        ) {
            _ = try DistanceMatrix.compute(queryFeatures: vector, galleryFeatures: features(3, 4))
        }
    }

    @Test func noValidQuery() throws {
        let strangers = try RetrievalLabels(pids: [7, 8, 9], camids: [0, 0, 0])
        expectError(.noValidQuery(queries: 3), mentions: ["3 queries"]) {
            _ = try evaluator.evaluate(distances: features(3, 3), query: strangers, gallery: labels3)
        }
    }

    @Test func unknownMetricAndOptions() {
        expectError(.unknownMetric("jaccard"), mentions: ["jaccard", "cosine, euclidean", "never implemented"]) {
            _ = try DistanceMetric(upstreamName: "jaccard")
        }
        expectError(.invalidOption(name: "queryChunk", value: 0, requirement: "at least 1"), mentions: ["queryChunk"]) {
            _ = try RetrievalEvaluator(options: EvaluationOptions(queryChunk: 0))
        }
        expectError(.invalidOption(name: "topK", value: -1, requirement: "0 or more"), mentions: ["topK"]) {
            _ = try RetrievalEvaluator(options: EvaluationOptions(topK: -1))
        }
    }
}
