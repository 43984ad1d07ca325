import Configuration
import Foundation
import Models
import TensorEngine
import TestSupport
import Testing

@testable import Training

/// Two ranks (threads of this process, `ThreadProcessGroup`) train the model one process
/// trains: the same per-step losses and weights for Vanilla, D3 and RKD (a relation method
/// that needs the whole batch), and the same evaluation. The batch of 4 splits 2 + 2; the
/// student's batch norms are synchronised, every loss sees the gathered batch.
@Suite struct DataParallelTests {
    static let learningRate = "0.001"

    struct Outcome: Sendable {
        var losses: [[String: Double]]
        var weights: [Double]
    }

    static func config(_ method: String) throws -> Config {
        var settings: [String] = []
        if method != "NONE" {
            let teacher = try #require(OneBatchFixture.teacher)
            settings = ["DISTILLER.TYPE", method, "SOLVER.TRAINER", "kd", "DISTILLER.TEACHER_MODEL_PATH", teacher.path]
        }
        return try OneBatchFixture.config(learningRate: learningRate, settings + ["SOLVER.MAX_EPOCHS", "3"])
    }

    /// Three steps (one an epoch), with the debug builds' weights check at each epoch end.
    static func train(_ config: Config, group: any ProcessGroup) throws -> Outcome {
        let run = try TrainingRun(config: config, writeFolder: false, group: group)
        try run.run(untilEpoch: 3)
        let weights = run.student.namedParameters().flatMap { $0.parameter.value.doubles }
        return Outcome(losses: run.history.steps.map(\.terms), weights: weights)
    }

    @Test(arguments: ["NONE", "D3", "RKD"])
    func twoRanksTrainTheModelOneProcessTrains(method: String) throws {
        let config = try Self.config(method)
        let single = try Self.train(config, group: SingleProcessGroup())
        let ranks = try ThreadProcessGroup.run(ranks: 2) { group in try Self.train(config, group: group) }
        try #require(single.losses.count == 3)
        for outcome in ranks {
            #expect(outcome.losses.count == 3)
            for (expected, actual) in zip(single.losses, outcome.losses) {
                #expect(Set(expected.keys) == Set(actual.keys))
                for (name, value) in expected {
                    let other = actual[name] ?? .nan
                    #expect(
                        abs(other - value) <= 1e-4 * max(abs(value), 1e-3), "\(method) \(name): \(other) vs \(value)")
                }
            }
            #expect(maxRelativeError(outcome.weights, single.weights) < 1e-4, "\(method) weights")
        }
        #expect(ranks[0].weights == ranks[1].weights, "every rank takes the same optimizer step")
    }

    @Test func twoRanksEvaluateAsOneProcess() throws {
        let config = try Self.config("NONE")
        let single = try TrainingRun(config: config, writeFolder: false).evaluate()
        let ranks = try ThreadProcessGroup.run(ranks: 2) { group in
            let result = try TrainingRun(config: config, writeFolder: false, group: group).evaluate()
            return [result.meanAveragePrecision, result.meanInverseNegativePenalty] + result.cmc
        }
        let expected = [single.meanAveragePrecision, single.meanInverseNegativePenalty] + single.cmc
        for result in ranks { #expect(maxRelativeError(result, expected) < 1e-9) }
    }

    @Test func aBatchSmallerThanTheRanksIsRefused() throws {
        let config = try OneBatchFixture.config(learningRate: Self.learningRate, [])
        #expect(throws: TrainingError.self) {
            _ = try ThreadProcessGroup.run(ranks: 5) { group in
                _ = try TrainingRun(config: config, writeFolder: false, group: group)
            }
        }
    }
}
