import Foundation
import Models
import Testing
import TensorEngine
@testable import Training

@Suite struct MethodLossTests {
    /// A teacher for the fixture's classes, trained for one epoch, written once.
    static let teacher: URL? = {
        do {
            let run = try TrainingRun(config: Fixture.config([]), writeFolder: false)
            try run.run(untilEpoch: 1)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("airs-method-teacher-\(UUID().uuidString).safetensors")
            try NetworkWeights.write(run.student, to: file)
            return file
        } catch {
            return nil
        }
    }()

    static let methods = ["NONE", "VanillaKD", "FitNet", "PKT", "RKD", "CC", "CSD", "RAML", "ROP", "D3", "UGD"]

    @Test(arguments: methods)
    func twoEpochsDecreaseTheLoss(method: String) throws {
        var overrides = ["SOLVER.MAX_EPOCHS", "2", "CSD.TOPK", "8", "ROP.TOPK", "8", "D3.TOPK", "4"]
        if method != "NONE" {
            let teacher = try #require(Self.teacher)
            overrides += ["DISTILLER.TYPE", method, "SOLVER.TRAINER", "kd", "DISTILLER.TEACHER_MODEL_PATH", teacher.path]
        }
        let run = try TrainingRun(config: Fixture.config(overrides), writeFolder: false)
        #expect(try run.run(untilEpoch: 2))
        let losses = run.history.epochs.map { $0.terms["loss"] ?? .nan }
        #expect(losses.count == 2)
        #expect(losses.allSatisfy { $0.isFinite }, "\(method): \(losses)")
        #expect(losses.last ?? .nan < losses.first ?? .nan, "\(method): epoch losses \(losses)")
        if method != "NONE" { #expect(run.history.epochs.allSatisfy { ($0.terms["loss_kd"] ?? 0) > 0 }, "\(method)") }
    }
}
