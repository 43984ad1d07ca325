import Configuration
import Datasets
import Evaluation
import TensorEngine

/// The typed config sections a run reads, and the loaders they describe.
struct RunSettings {
    let distiller: DistillerSettings
    let datasets: DatasetSettings
    let solver: SolverSettings
    let input: InputSettings
    let dataLoader: DataLoaderSettings
    let test: TestSettings
    let output: OutputSettings
    /// `EXPERIMENT.TEACHER_PRECISION`, as requested (the CPU may still force fp32).
    let teacherPrecision: InferencePrecision
    /// `EXPERIMENT.REPRODUCIBLE`.
    let reproducible: Bool

    init(_ config: Config) throws {
        try config.checkSupported()
        distiller = try config.distiller
        datasets = try config.datasets
        solver = try config.solver
        input = try config.input
        dataLoader = try config.dataLoader
        test = try config.test
        output = try config.outputDirectory
        let precision = try config.experiment.teacherPrecision
        guard let teacherPrecision = InferencePrecision(rawValue: precision.lowercased()) else {
            throw TrainingError.invalidSetting(
                key: "EXPERIMENT.TEACHER_PRECISION", value: precision, message: "must be fp32 or bf16")
        }
        self.teacherPrecision = teacherPrecision
        reproducible = try config.experiment.reproducible
        try Self.checkSize(input.studentSizeTrain, key: "INPUT.STUDENT_SIZE_TRAIN")
        try Self.checkSize(input.studentSizeTest, key: "INPUT.STUDENT_SIZE_TEST")
        try Self.checkSize(input.teacherSizeTrain, key: "INPUT.TEACHER_SIZE_TRAIN")
        try Self.checkSize(input.teacherSizeTest, key: "INPUT.TEACHER_SIZE_TEST")
        guard solver.imagesPerBatch > 0 else {
            throw TrainingError.invalidSetting(
                key: "SOLVER.IMS_PER_BATCH", value: "\(solver.imagesPerBatch)", message: "must be positive")
        }
        if test.reRanking, (try? reranking()) == nil {
            throw TrainingError.setupFailed(
                key: "TEST.RE_RANKING_PARAMETER",
                source: config.source(of: "TEST.RE_RANKING_PARAMETER")?.description ?? "defaults",
                underlying: "is \(test.reRankingParameters); it must be [k1, k2, lambda] with whole k1, k2 ≥ 1")
        }
        guard solver.maxEpochs > 0 else {
            throw TrainingError.invalidSetting(
                key: "SOLVER.MAX_EPOCHS", value: "\(solver.maxEpochs)", message: "must be positive")
        }
    }

    static func checkSize(_ size: [Int], key: String) throws {
        guard size.count == 2, size.allSatisfy({ $0 > 0 }) else {
            throw TrainingError.invalidSetting(
                key: key, value: "\(size)", message: "must be [height, width] with positive entries")
        }
    }

    var normalization: Normalization {
        Normalization(mean: input.pixelMean.map(Float.init), std: input.pixelStd.map(Float.init))
    }

    var seed: UInt64 { UInt64(truncatingIfNeeded: solver.seed) }

    func transform(size: [Int], padding: Int, training: Bool) -> ImageTransform {
        var transform =
            training
            ? ImageTransform.train(
                height: size[0], width: size[1], padding: padding,
                erasingProbability: input.randomErasingProbability, flipProbability: input.flipProbability)
            : ImageTransform.test(height: size[0], width: size[1])
        transform.normalization = normalization
        return transform
    }

    func makeLoaders(_ train: [ImageRecord], usesTeacher: Bool) throws -> (
        student: ImageLoader, distillation: DistillationLoader?
    ) {
        let threads = max(dataLoader.numWorkers, 1)
        let student = try ImageLoader.student(
            records: train,
            transform: transform(size: input.studentSizeTrain, padding: input.studentPadding, training: true),
            instances: dataLoader.numInstance,
            settings: LoaderSettings(batchSize: solver.imagesPerBatch, seed: seed, threads: threads))
        guard usesTeacher else { return (student, nil) }
        let distillation = try DistillationLoader(
            records: train,
            student: transform(size: input.studentSizeTrain, padding: input.studentPadding, training: true),
            teacher: transform(size: input.teacherSizeTrain, padding: input.teacherPadding, training: true),
            settings: LoaderSettings(batchSize: solver.imagesPerDistillationBatch, seed: seed &+ 1, threads: threads))
        return (student, distillation)
    }

    /// `TEST.RE_RANKING_PARAMETER` as k1, k2, λ (upstream's `re_ranking(q, g, k1, k2, lambda)`).
    func reranking() throws -> KReciprocalReranking {
        let values = test.reRankingParameters
        guard values.count == 3, values[0] == values[0].rounded(), values[1] == values[1].rounded(),
            values[0] >= 1, values[1] >= 1
        else {
            throw TrainingError.invalidSetting(
                key: "TEST.RE_RANKING_PARAMETER", value: "\(values)",
                message: "must be [k1, k2, lambda] with whole k1, k2 ≥ 1")
        }
        return KReciprocalReranking(k1: Int(values[0]), k2: Int(values[1]), lambda: values[2])
    }

    func testLoader(_ records: [ImageRecord], size: [Int]) throws -> ImageLoader {
        try ImageLoader.test(
            records: records, transform: transform(size: size, padding: 0, training: false),
            settings: LoaderSettings(
                batchSize: max(test.imagesPerBatch, 1), seed: seed,
                threads: max(dataLoader.numWorkers, 1)))
    }
}
