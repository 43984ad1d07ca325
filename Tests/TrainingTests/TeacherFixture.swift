import Foundation

@testable import Training

/// Shared by the distillation tests.
enum TeacherFixture {
    /// A teacher for the fixture's classes, trained for one epoch, written once.
    static let teacher: URL? = {
        do {
            let run = try TrainingRun(config: Fixture.config([]), writeFolder: false)
            try run.run(untilEpoch: 1)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "airs-method-teacher-\(UUID().uuidString).safetensors")
            try NetworkWeights.write(run.student, to: file)
            return file
        } catch {
            return nil
        }
    }()
}
