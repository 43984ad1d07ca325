import Configuration
import Distillers
import Foundation
import Testing

@testable import Training

/// `TrainingPlan`: what `airs train --plan` prints, and the mechanical check that every key of
/// the schema is either consumed or refused.
@Suite struct TrainingPlanTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let swinConfig = packageRoot.appendingPathComponent(
        "Configs/SOP/Vanilla/Vanilla_Swin_Transformer_Small_256x256.yaml"
    ).path

    /// The Swin SOP config with its output under a folder that does not exist yet.
    static func swinPlan(_ overrides: [String] = []) throws -> (TrainingPlan, URL) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-plan-\(UUID().uuidString)")
        let config = try Config.load(
            file: swinConfig, overrides: ["OUTPUT_DIR.ROOT_PATH", output.path] + overrides)
        return (try TrainingPlan(config: config), output)
    }

    @Test func swinVanillaNamesAdamWAndWritesNothing() throws {
        let (plan, output) = try Self.swinPlan()
        let text = plan.render()
        #expect(plan.optimizer == .adamW)
        #expect(text.contains("Optimizer AdamW"))
        #expect(plan.networks.map(\.name) == ["Swin_Transformer_V2_Small"])
        #expect(
            plan.groups.count == 1 && plan.groups[0].learningRate == 1e-4
                && plan.groups[0].weightDecay == 5e-4)
        #expect(plan.learningRates.count == 120)
        // DATASETS.ROOT_DIR is empty in the shipped config: the loader section says so.
        #expect(text.contains("dataset not read") && text.contains("steps per epoch: unknown"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func multiStepLearningRateStepsDownAtTheMilestones() throws {
        let (plan, _) = try Self.swinPlan([
            "SOLVER.LR_DECAY_TYPE", "WarmupMultiStepLR", "SOLVER.LR_DECAY_STEPS",
            "[40, 70]",
        ])
        let rates = plan.learningRates
        #expect(plan.schedule == .multiStep)
        #expect(abs(rates[39] - 1e-4) < 1e-15 && abs(rates[40] - 1e-5) < 1e-16)
        #expect(abs(rates[69] - 1e-5) < 1e-16 && abs(rates[70] - 1e-6) < 1e-17)
        let text = plan.render()
        #expect(text.contains("     40  1.0000e-04\n     41  1.0000e-05\n"))
        #expect(text.contains("     70  1.0000e-05\n     71  1.0000e-06\n"))
    }

    @Test func loadersCountStepsWhenTheDatasetIsThere() throws {
        let config = try Fixture.config([])
        let plan = try TrainingPlan(config: config)
        let run = try TrainingRun(config: config, writeFolder: false)
        #expect(plan.stepsPerEpoch == run.stepsPerEpoch)
        #expect(plan.networks[0].parameterCount == run.student.parameterCount)
        #expect(plan.render().contains("steps per epoch: \(run.stepsPerEpoch)"))
    }

    @Test func ugdProjectorsAreInTheOptimizerGroups() throws {
        let plan = try TrainingPlan(config: Self.config(type: "UGD"))
        let tensors = plan.groups.reduce(0) { $0 + $1.tensors }
        #expect(plan.methodParameterCount > 0)
        // Ten projector tensors beside the student's; their biases take WEIGHT_DECAY_BIAS.
        let studentOnly = try TrainingPlan(config: Self.config(type: "D3")).groups.reduce(0) {
            $0 + $1.tensors
        }
        #expect(tensors == studentOnly + 10)
    }

    // MARK: - Every key of the schema is consumed or refused

    /// A config without a dataset, with non-default values that make every solver key show:
    /// classifier and bias rates differ from the base rate, short warmup and decay.
    static func config(type: String = "NONE", multiStep: Bool = false, _ extra: [String] = [])
        throws -> Config
    {
        var overrides = [
            "DATASETS.NAMES", "CUB200", "DATASETS.ROOT_DIR", "/nonexistent-airs-plan",
            "DISTILLER.TYPE", type, "SOLVER.TRAINER", type == "NONE" ? "vanilla" : "kd",
            "DISTILLER.STUDENT_NAME", "MobileNetV3_Small", "DISTILLER.TEACHER_NAME",
            "MobileNetV3_Small",
            "INPUT.STUDENT_SIZE_TRAIN", "[32, 32]", "INPUT.STUDENT_SIZE_TEST", "[32, 32]",
            "INPUT.TEACHER_SIZE_TRAIN", "[32, 32]", "INPUT.TEACHER_SIZE_TEST", "[32, 32]",
            "SOLVER.MAX_EPOCHS", "6", "SOLVER.LR_WARMUP_EPOCHS", "2", "SOLVER.LR_DECAY_STEPS",
            "[3, 5]",
            "SOLVER.FC_LR_TIMES", "2.0", "SOLVER.BIAS_LR_FACTOR", "2", "SOLVER.WEIGHT_DECAY_BIAS",
            "0.001",
            "SOLVER.IMS_PER_BATCH", "8", "DATALOADER.NUM_INSTANCE", "2", "D3.TOPK", "4",
        ]
        if multiStep { overrides += ["SOLVER.LR_DECAY_TYPE", "WarmupMultiStepLR"] }
        return try Config.load(yaml: "", file: "plan.yaml", overrides: overrides + extra)
    }

    /// A value of the key's type other than `current`, as a command-line override.
    static func otherValue(_ current: ConfigValue) -> String {
        switch current {
        case .bool(let flag): flag ? "False" : "True"
        case .int(let number): "\(number + 1)"
        case .double(let number): "\(number * 2 + 1)"
        case .string(let text): "'\(text)_other'"
        case .list(let items): "[" + items.map { _ in "3" }.joined(separator: ", ") + ", 3]"
        case .null: "None"
        }
    }

    /// Whether setting `key` to `value` on top of `base` changes the plan or is refused with
    /// an error that names the key.
    static func consumes(_ key: String, _ value: String, base: () throws -> Config) throws -> Bool {
        let reference = try TrainingPlan(config: base()).render()
        var changed = try base()
        try changed.merge(overrides: [key, value])
        do {
            return try TrainingPlan(config: changed).render() != reference
        } catch {
            return "\(error)".contains(key)
        }
    }

    @Test func everyDrivingKeyChangesThePlanOrIsRefused() throws {
        let methods = Dictionary(
            uniqueKeysWithValues: DistillerRegistry.all.map { ($0.value.settingsSection, $0.key) })
        for entry in ConfigSchema.entries {
            // Relative to the base config's value, which may differ from the default.
            let current = try Self.config()[entry.key] ?? entry.defaultValue
            let values: [String]
            switch entry.usage {
            case .drives: values = [Self.otherValue(current)]
            case .oneOf(let supported): values = supported.filter { .string($0) != current }
            case .defaultOnly, .ignored: continue
            }
            let section = String(entry.key.prefix { $0 != "." })
            let types = methods[section].map { [$0] } ?? ["NONE", "D3"]
            for value in values {
                var consumed = false
                for type in types {
                    for multiStep in [false, true] where !consumed {
                        consumed = try Self.consumes(entry.key, value) {
                            try Self.config(type: type, multiStep: multiStep)
                        }
                    }
                }
                #expect(
                    consumed,
                    "\(entry.key) = \(value) changes nothing a run builds, and is not refused")
            }
        }
    }
}
