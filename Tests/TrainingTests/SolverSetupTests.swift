import Configuration
import Foundation
import NeuralNetwork
import TensorEngine
import Testing

@testable import Training

/// `SOLVER.OPTIMIZER_NAME`, `LR_DECAY_TYPE` and `LR_WARMUP_METHOD` as the run builds them.
@Suite struct SolverSetupTests {
    static func setup(_ yaml: String, file: String = "solver.yaml", _ overrides: [String] = [])
        throws -> SolverSetup
    {
        let config = try Config.load(yaml: yaml, file: file, overrides: overrides)
        try config.checkSupported()
        return try SolverSetup(config.solver, config: config)
    }

    /// spec/training.md §5.1's table (b = 0.01, 120 epochs, decay from 40), through the config.
    @Test func cosineTableFromTheConfig() throws {
        let rates = try Self.setup("").learningRates(base: 0.01)
        let table: [(Int, Double)] = [
            (1, 1.0e-3), (2, 1.9e-3), (3, 2.8e-3), (5, 4.6e-3), (10, 9.1e-3), (11, 1.0e-2),
            (41, 1.0e-2),
            (42, 9.99615e-3), (60, 8.67163e-3), (80, 5.19635e-3), (100, 1.60608e-3),
            (119, 1.55132e-5),
            (120, 3.95478e-6),
        ]
        for (epoch, rate) in table {
            #expect(
                abs(rates[epoch - 1] - rate) / rate < 1e-5, "epoch \(epoch): \(rates[epoch - 1])")
        }
    }

    /// spec/training.md §5.2: steps [40, 70] give warmup, then b, 0.1 b, 0.01 b.
    @Test func multiStepTableFromTheConfig() throws {
        let setup = try Self.setup("SOLVER:\n  LR_DECAY_TYPE: WarmupMultiStepLR\n")
        #expect(setup.scheduleChoice == .multiStep)
        let rates = setup.learningRates(base: 0.01)
        for (epoch, rate) in [
            (1, 1.0e-3), (2, 1.9e-3), (10, 9.1e-3), (11, 1e-2), (40, 1e-2), (41, 1e-3),
            (70, 1e-3), (71, 1e-4), (120, 1e-4),
        ] {
            #expect(
                abs(rates[epoch - 1] - rate) / rate < 1e-12, "epoch \(epoch): \(rates[epoch - 1])")
        }
    }

    @Test func constantWarmupHoldsTheStartFactor() throws {
        let rates = try Self.setup("", ["SOLVER.LR_WARMUP_METHOD", "constant"]).learningRates(
            base: 0.01)
        #expect(rates[0..<10].allSatisfy { abs($0 - 1e-3) < 1e-15 })
        #expect(rates[10] == 0.01)
    }

    @Test func optimizerFollowsTheName() throws {
        let parameter = Parameter(Tensor.zeros([2]))
        #expect(try Self.setup("").makeOptimizer([("w", parameter)]) is SGD)
        let adamW = try Self.setup("", ["SOLVER.OPTIMIZER_NAME", "AdamW"]).makeOptimizer([
            ("w", parameter)
        ])
        #expect((adamW as? Adam)?.decoupledWeightDecay == true)
        let adam = try Self.setup("", ["SOLVER.OPTIMIZER_NAME", "Adam"]).makeOptimizer([
            ("w", parameter)
        ])
        #expect((adam as? Adam)?.decoupledWeightDecay == false)
    }

    /// The names the trainer builds are exactly the ones the schema lets through.
    @Test func choicesMatchTheSchema() {
        #expect(
            OptimizerChoice.allCases.map(\.rawValue)
                == ConfigSchema.byKey["SOLVER.OPTIMIZER_NAME"]?.usage.supportedValues)
        #expect(
            ScheduleChoice.allCases.map(\.rawValue)
                == ConfigSchema.byKey["SOLVER.LR_DECAY_TYPE"]?.usage.supportedValues)
        #expect(
            Warmup.Method.allCases.map(\.rawValue)
                == ConfigSchema.byKey["SOLVER.LR_WARMUP_METHOD"]?.usage.supportedValues)
    }

    @Test(arguments: [
        ("OPTIMIZER_NAME", "Adamax", "SGD, Adam, AdamW"),
        ("LR_DECAY_TYPE", "StepLR", "WarmupCosineAnnealingLR, WarmupMultiStepLR"),
        ("LR_WARMUP_METHOD", "exponential", "linear, constant"),
    ])
    func unknownNameIsRefusedWithItsPlace(key: String, value: String, supported: String) throws {
        let yaml = "SOLVER:\n  BASE_LR: 0.01\n  \(key): \(value)\n"
        #expect {
            _ = try Self.setup(yaml, file: "bad.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("bad.yaml:3:") && text.contains("SOLVER.\(key)")
                && text.contains(value)
                && text.contains(supported)
        }
    }

    @Test func cosineFlatPhaseShorterThanWarmupIsRefused() throws {
        #expect {
            _ = try Self.setup("", ["SOLVER.LR_DECAY_STEPS", "[5]"])
        } throws: { error in
            "\(error)".contains("SOLVER.LR_DECAY_STEPS") && "\(error)".contains("command line")
        }
    }

    @Test func decreasingMilestonesAreRefused() throws {
        #expect {
            _ = try Self.setup(
                "",
                ["SOLVER.LR_DECAY_TYPE", "WarmupMultiStepLR", "SOLVER.LR_DECAY_STEPS", "[70, 40]"])
        } throws: { error in
            "\(error)".contains("increasing") && "\(error)".contains("SOLVER.LR_DECAY_STEPS")
        }
    }

    @Test func trainerThatDoesNotFitTheMethodIsRefused() throws {
        #expect {
            _ = try TrainingRun(
                config: Fixture.config(["SOLVER.TRAINER", "kd"]), writeFolder: false)
        } throws: { error in
            "\(error)".contains("SOLVER.TRAINER") && "\(error)".contains("vanilla")
        }
    }

    /// Interrupted mid-epoch and resumed from `last.safetensors` (AdamW moments and step
    /// counts included): every later loss and the final weights are bit-identical.
    @Test func adamWResumesBitExactly() throws {
        let settings = [
            "SOLVER.MAX_EPOCHS", "2", "SOLVER.CHECKPOINT_PERIOD", "2", "SOLVER.OPTIMIZER_NAME",
            "AdamW",
            "SOLVER.BASE_LR", "0.001", "SOLVER.LR_WARMUP_EPOCHS", "1", "SOLVER.LR_WARMUP_FACTOR",
            "0.5",
            "SOLVER.LR_DECAY_STEPS", "[1]",
        ]
        let straight = try TrainingRun(
            config: Fixture.config(settings + ["OUTPUT_DIR.EXPERIMENT_NAME", "adamw-straight"]))
        straight.evaluatesAtCheckpoints = false
        #expect(try straight.run(untilEpoch: 2))

        let first = try TrainingRun(
            config: Fixture.config(settings + ["OUTPUT_DIR.EXPERIMENT_NAME", "adamw-resumed"]))
        first.evaluatesAtCheckpoints = false
        first.pauseCondition = { run, _ in run.epoch == 2 && run.stepInEpoch == 1 }
        #expect(try !first.run(untilEpoch: 2))
        try first.saveResumeState()
        let resumed = try TrainingRun.resume(folder: try #require(first.folder).url)
        resumed.evaluatesAtCheckpoints = false
        #expect(resumed.optimizer is Adam)
        #expect(try resumed.run(untilEpoch: 2))

        #expect(resumed.history.steps.map(\.terms) == straight.history.steps.map(\.terms))
        #expect(
            resumed.student.stateEntries().map { $0.value.scalars }
                == straight.student.stateEntries().map { $0.value.scalars })
    }
}
