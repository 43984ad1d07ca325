import Foundation
import TensorEngine
import Testing

@testable import Training

/// `EXPERIMENT.TEACHER_PRECISION: bf16` reaches the teacher: a D3 run distils and evaluates
/// with its teacher in bf16, and the teacher's gallery ranks the queries as the fp32 one does.
@Test func bf16TeacherDistilsAndEvaluatesLikeFP32() throws {
    try #require(InferencePrecision.isBF16Available, "this CPU has no AVX512-BF16")
    let teacher = try #require(OneBatchFixture.teacher)
    func run(_ precision: String) throws -> TrainingRun {
        let settings = [
            "DISTILLER.TYPE", "D3", "SOLVER.TRAINER", "kd", "DISTILLER.TEACHER_MODEL_PATH", teacher.path,
            "EXPERIMENT.TEACHER_PRECISION", precision,
        ]
        return try TrainingRun(config: OneBatchFixture.config(learningRate: "0.00001", settings), writeFolder: false)
    }
    let (half, full) = (try run("bf16"), try run("fp32"))
    #expect(half.teacherPrecision == .bf16 && full.teacherPrecision == .fp32)
    #expect(try half.run(untilEpoch: 1))
    #expect(try full.run(untilEpoch: 1))
    let (a, b) = (try half.evaluate().meanAveragePrecision, try full.evaluate().meanAveragePrecision)
    #expect(abs(a - b) * 100 <= 1, "mAP bf16 \(a), fp32 \(b)")
}

/// The gallery cache keys its entries by the teacher's code path: an fp32 evaluation beside a
/// bf16 one in the same output folder embeds the gallery itself rather than reading the bf16
/// features, and ranks as a run without any cache does.
@Test func galleryCacheKeepsBF16AndFP32FeaturesApart() throws {
    try #require(InferencePrecision.isBF16Available, "this CPU has no AVX512-BF16")
    let teacher = try #require(OneBatchFixture.teacher)
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("airs-cache-path-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    func run(_ precision: String, writeFolder: Bool) throws -> TrainingRun {
        let settings = [
            "DISTILLER.TYPE", "D3", "SOLVER.TRAINER", "kd", "DISTILLER.TEACHER_MODEL_PATH", teacher.path,
            "EXPERIMENT.TEACHER_PRECISION", precision, "OUTPUT_DIR.ROOT_PATH", output.path,
            "OUTPUT_DIR.EXPERIMENT_NAME", precision,
        ]
        let config = try OneBatchFixture.config(learningRate: "0.00001", settings)
        return try TrainingRun(config: config, writeFolder: writeFolder)
    }
    _ = try run("bf16", writeFolder: true).evaluateWithEmbeddings()
    let cached = try run("fp32", writeFolder: true).evaluateWithEmbeddings()
    let uncached = try run("fp32", writeFolder: false).evaluateWithEmbeddings()
    let entries = try FileManager.default.contentsOfDirectory(
        atPath: output.appendingPathComponent(".gallery-cache").path)
    #expect(entries.filter { $0.hasSuffix(".npy") }.count == 2, "\(entries)")
    #expect(cached.galleryFeatures.scalars == uncached.galleryFeatures.scalars)
}
