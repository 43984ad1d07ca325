import Foundation
import Models
import TensorEngine
import Testing

@testable import Training

/// Bad input stops a run before its first step, naming the key, where it was set, the file
/// and what was expected.
@Suite struct SetupErrorTests {
    static func message(_ overrides: [String]) throws -> String {
        let config = try Fixture.config(overrides)
        do {
            _ = try TrainingRun(config: config, writeFolder: false)
        } catch {
            return "\(error)"
        }
        Issue.record("expected an error for \(overrides)")
        return ""
    }

    @Test func missingDatasetFolder() throws {
        let text = try Self.message(["DATASETS.ROOT_DIR", "/nonexistent/airs-data"])
        #expect(text.contains("DATASETS.ROOT_DIR") && text.contains("command line"), "\(text)")
        #expect(text.contains("/nonexistent/airs-data") && text.contains("does not exist"), "\(text)")
        #expect(text.contains("Expected layout"), "\(text)")
    }

    @Test func unknownNetworkListsTheValidNames() throws {
        let text = try Self.message(["DISTILLER.STUDENT_NAME", "ResNet7"])
        #expect(
            text.contains("DISTILLER.STUDENT_NAME") && text.contains("command line") && text.contains("ResNet7"),
            "\(text)")
        #expect(text.contains("ResNet18") && text.contains("MobileNetV3_Small"), "\(text)")
    }

    @Test func unknownMethodListsTheValidNames() throws {
        let text = try Self.message(["DISTILLER.TYPE", "NoSuchMethod"])
        #expect(
            text.contains("DISTILLER.TYPE") && text.contains("command line") && text.contains("NoSuchMethod"), "\(text)"
        )
        #expect(text.contains("FitNet") && text.contains("UGD"), "\(text)")
    }

    @Test func unknownTeacherPrecision() throws {
        let text = try Self.message(["EXPERIMENT.TEACHER_PRECISION", "fp16"])
        #expect(
            text.contains("EXPERIMENT.TEACHER_PRECISION") && text.contains("fp16") && text.contains("fp32")
                && text.contains("bf16"), "\(text)")
    }

    @Test func reproducibleTakesABoolean() throws {
        let error = #expect(throws: (any Error).self) { try Fixture.config(["EXPERIMENT.REPRODUCIBLE", "sometimes"]) }
        let text = error.map { "\($0)" } ?? ""
        #expect(
            text.contains("EXPERIMENT.REPRODUCIBLE") && text.contains("sometimes") && text.contains("True or False"),
            "\(text)")
    }

    @Test func missingTeacherFile() throws {
        let text = try Self.message([
            "DISTILLER.TYPE", "D3", "SOLVER.TRAINER", "kd",
            "DISTILLER.TEACHER_MODEL_PATH", "/nonexistent/teacher.safetensors",
        ])
        #expect(
            text.contains("DISTILLER.TEACHER_MODEL_PATH") && text.contains("/nonexistent/teacher.safetensors"),
            "\(text)")
    }

    @Test func teacherCheckpointOfOtherShapesNamesTensorAndBothShapes() throws {
        var generator = RandomGenerator(seed: 3)
        let other = try ModelRegistry.make("MobileNetV3_Small", numClasses: 7, generator: &generator)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-wrong-teacher-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try NetworkWeights.write(other, to: file)
        let text = try Self.message([
            "DISTILLER.TYPE", "FitNet", "SOLVER.TRAINER", "kd", "DISTILLER.TEACHER_MODEL_PATH", file.path,
        ])
        #expect(text.contains("DISTILLER.TEACHER_MODEL_PATH") && text.contains(file.path), "\(text)")
        #expect(text.contains("classifier.weight") && text.contains("[7, 512]") && text.contains("[4, 512]"), "\(text)")
        #expect(text.contains("DISTILLER.TEACHER_NAME"), "\(text)")
    }

    @Test func teacherCheckpointOfAnotherNetworkNamesTheMissingTensor() throws {
        var generator = RandomGenerator(seed: 3)
        let other = try ModelRegistry.make("ResNet18", numClasses: 4, generator: &generator)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-resnet-teacher-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try NetworkWeights.write(other, to: file)
        let text = try Self.message([
            "DISTILLER.TYPE", "FitNet", "SOLVER.TRAINER", "kd", "DISTILLER.TEACHER_MODEL_PATH", file.path,
        ])
        #expect(
            text.contains("DISTILLER.TEACHER_MODEL_PATH") && text.contains(file.path) && text.contains("missing key"),
            "\(text)")
    }
}

/// A batch the training split cannot fill is refused when the run is created (the fixture has
/// 4 training identities of 4 images each).
@Suite struct BatchCapacityTests {
    @Test func studentBatchNeedingMoreIdentitiesNamesKeyNeededAndAvailable() throws {
        let text = try SetupErrorTests.message(["SOLVER.IMS_PER_BATCH", "16"])
        #expect(text.contains("SOLVER.IMS_PER_BATCH") && text.contains("command line"), "\(text)")
        #expect(text.contains("needs 8 identities") && text.contains("has 4"), "\(text)")
        #expect(
            text.contains("DATALOADER.NUM_INSTANCE 2") && text.contains("to 8 or less"),
            "\(text)")
    }

    @Test func distillationBatchLargerThanTheSplitNamesItsKey() throws {
        let text = try SetupErrorTests.message([
            "DISTILLER.TYPE", "D3", "SOLVER.TRAINER", "kd", "SOLVER.IMS_DISTILLATION_PER_BATCH", "32",
            "DISTILLER.TEACHER_MODEL_PATH", "/nonexistent/teacher.safetensors",
        ])
        #expect(
            text.contains("SOLVER.IMS_DISTILLATION_PER_BATCH")
                && text.contains("needs 32 images"), "\(text)")
        #expect(text.contains("has 16") && text.contains("to 16 or less"), "\(text)")
    }
}
