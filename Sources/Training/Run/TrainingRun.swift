import Configuration
import Datasets
import Distillers
import Evaluation
import Foundation
import Models
import NeuralNetwork
import TensorEngine

/// One training run built from a `Config`: dataset, student (and frozen teacher for KD),
/// distiller, the optimizer with upstream parameter groups, the per-epoch schedule and the
/// loaders (spec/training.md §1–§5), as `SOLVER.OPTIMIZER_NAME` and `LR_DECAY_TYPE` ask.
/// Identity matters (it owns streams and optimizer state), hence a class.
public final class TrainingRun {
    /// The settings the run was built from.
    public let config: Config
    /// The retrieval dataset (train / query / gallery).
    public let dataset: RetrievalDataset
    /// The network being trained.
    public let student: any ImageNetwork
    /// The frozen teacher (KD methods only), in eval mode.
    public let teacher: (any ImageNetwork)?
    /// The distiller: shared CE + triplet settings and the method loss.
    public let distiller: Distiller
    /// The optimizer over the student's (and method modules') parameters.
    public let optimizer: any Optimizer
    /// The per-epoch learning-rate schedule.
    public let schedule: any LearningRateSchedule
    /// The identity-sampled student loader.
    public let studentLoader: ImageLoader
    /// The distillation loader (KD methods only).
    public let distillationLoader: DistillationLoader?
    /// `DISTILLER.TYPE`.
    public let methodName: String
    /// The last epoch (`SOLVER.MAX_EPOCHS`).
    public let maxEpochs: Int
    /// Checkpoints are written when `epoch % checkpointPeriod == 0`.
    public let checkpointPeriod: Int
    /// The run folder, or nil to write nothing (and on every rank but the leader).
    public let folder: RunFolder?
    /// Whether the run keeps a run folder (on the leader): checkpoint epochs then evaluate on
    /// every rank, which must all join the evaluation's collectives.
    public let writesFolder: Bool
    /// The processes training this model together (`SingleProcessGroup` alone); the leader
    /// (rank 0) alone writes the run folder.
    public let group: any ProcessGroup
    /// Where each network's weights came from (student first), as the start report prints it.
    public internal(set) var weightsSources: [WeightsSource]
    /// Told of every step, epoch end and evaluation (a terminal reporter); nil to report nothing.
    public weak var observer: (any TrainingObserver)?
    /// The result of the last evaluation at a checkpoint epoch in this process, if any.
    public internal(set) var lastEvaluation: EvaluationResult?
    /// Images left out of the dataset because they failed the check when it was read
    /// (`DATASETS.BAD_IMAGES skip`).
    public let droppedImages: [String]

    /// Every step's and epoch's loss terms.
    public internal(set) var history = LossHistory()
    /// The current epoch, 1-based.
    public internal(set) var epoch = 1
    /// Steps done in the current epoch.
    public internal(set) var stepInEpoch = 0
    /// Asked after every step with the step's terms; returning true pauses `run`.
    public var pauseCondition: ((TrainingRun, [String: Double]) -> Bool)?
    /// Whether a checkpoint epoch also evaluates and writes `results.json` (default true).
    public var evaluatesAtCheckpoints = true
    /// Set by `requestInterrupt()`: like Ctrl-C, but for this run only.
    var interruptPending = false
    /// Why the last `run` stopped early (non-finite loss, interrupt, pause condition), if it did.
    public internal(set) var pauseReason: String?
    /// `SOLVER.SKIP_NONFINITE_STEPS`: a non-finite loss skips the step (counted) instead of
    /// stopping the run.
    public let skipsNonFiniteSteps: Bool
    /// `EXPERIMENT.TEACHER_PRECISION`: the number format of the teacher's forward during
    /// distillation and of its gallery embedding (fp32 on a CPU without bf16 instructions).
    public let teacherPrecision: InferencePrecision
    /// `EXPERIMENT.REPRODUCIBLE`: the student's weight gradients are summed over the batch in
    /// Double (`Tensor.withSplitInvariantGradients`), so one process on any thread count and
    /// any number of ranks train the same model, but in rare one-ulp cases.
    public let reproducible: Bool
    /// Steps skipped so far because their loss was not finite (kept across a resume).
    public internal(set) var skippedSteps = 0

    /// Where this process's steps spent their time, and what they exchanged with the other ranks.
    public internal(set) var profile = StepProfile()
    var generator: RandomGenerator
    var meter = LossMeter()
    var skippedBeforeEpoch = 0
    var timedSeconds = 0.0
    var timedSteps = 0
    /// When the current epoch began (progress displays time their rate from it).
    public internal(set) var epochStart = Date()
    var studentStream: BatchStream<ImageBatch>?
    var distillationStream: BatchStream<DistillationBatch>?
    /// The resume state of the last epoch end, still being written (`saveResumeStateInBackground`).
    var pendingResumeWrite: BackgroundWrite?

    /// Builds the run; `writeFolder: false` keeps everything in memory (tests, scripts). The
    /// student starts from `studentWeights` (any checkpoint format, `student.` keys or the
    /// network's own, as `airs test --weights` gives it) or, without it, as the config says
    /// (`ImageNetInitialisation`). Every rank of `group` builds the same run; each trains on
    /// its slice of every batch.
    public convenience init(
        config: Config, writeFolder: Bool = true, studentWeights: URL? = nil,
        group: any ProcessGroup = SingleProcessGroup()
    ) throws {
        try self.init(
            config: config, writeFolder: writeFolder, resuming: false, studentWeights: studentWeights, group: group)
    }

    init(
        config: Config, writeFolder: Bool, resuming: Bool, studentWeights: URL? = nil,
        group: any ProcessGroup = SingleProcessGroup()
    ) throws {
        self.config = config
        // Metered so that a data-parallel run can say what its steps exchange (`StepProfile`).
        self.group = group.size > 1 ? MeteredProcessGroup(group) : group
        let settings = try RunSettings(config)
        let solver = try SolverSetup(settings.solver, config: config)
        methodName = settings.distiller.type
        maxEpochs = settings.solver.maxEpochs
        skipsNonFiniteSteps = settings.solver.skipNonFiniteSteps
        teacherPrecision = settings.teacherPrecision.available()
        reproducible = settings.reproducible
        checkpointPeriod = max(settings.solver.checkpointPeriod, 1)
        let methodType = try Self.wrap("DISTILLER.TYPE", config) {
            try DistillerRegistry.method(named: settings.distiller.type)
        }
        try Self.checkTrainer(
            settings.solver.trainer, usesTeacher: methodType.usesTeacher,
            config: config)
        let policy = try BadImagePolicy(config, value: settings.datasets.badImages)
        let read = try Self.wrap("DATASETS.ROOT_DIR", config) {
            try RetrievalDataset.read(
                name: settings.datasets.names, root: URL(fileURLWithPath: settings.datasets.rootDirectory))
        }
        let (data, dropped) = try policy.apply(to: read)
        droppedImages = dropped
        dataset = data
        try settings.checkBatchCapacity(
            data.train, usesTeacher: methodType.usesTeacher, ranks: group.size, config: config)
        generator = RandomGenerator(seed: settings.seed)
        var modelGenerator = generator
        student = try settings.makeStudent(classes: data.numClasses, generator: &modelGenerator, config: config)
        var sources: [WeightsSource]
        if let studentWeights {
            // Evaluation alone: a classifier trained for another class count is not needed.
            let network = student
            let left = try NetworkWeights.naming("DISTILLER.STUDENT_NAME", network: network.name) {
                try NetworkWeights.loadForRetrieval(network, from: studentWeights)
            }
            let reason =
                left.isEmpty
                ? "the student checkpoint given"
                : "the student checkpoint given; not loaded: \(left.joined(separator: ", ")) (the classifier, "
                    + "for \(data.numClasses) classes here): retrieval evaluation does not use it"
            sources = [
                WeightsSource(
                    role: "student", network: network.name, file: studentWeights.path, reason: reason,
                    copiedTensors: network.stateEntries().count - left.count)
            ]
        } else {
            sources = [
                try Self.initialiseStudent(student, settings.distiller, config: config, loading: !resuming)
            ]
        }
        if methodType.usesTeacher {
            let teacherNetwork = try settings.makeTeacher(
                classes: data.numClasses, generator: &modelGenerator,
                config: config)
            let path = settings.distiller.teacherModelPath
            let copied = try Self.wrap("DISTILLER.TEACHER_MODEL_PATH", config) {
                try NetworkWeights.naming("DISTILLER.TEACHER_NAME", network: teacherNetwork.name) {
                    try NetworkWeights.load(teacherNetwork, from: URL(fileURLWithPath: path))
                }
            }
            sources.append(
                WeightsSource(
                    role: "teacher", network: teacherNetwork.name, file: path,
                    reason: "DISTILLER.TEACHER_MODEL_PATH", copiedTensors: copied))
            teacherNetwork.setFrozen(true)
            teacherNetwork.setTraining(false)
            teacher = teacherNetwork
        } else {
            teacher = nil
        }
        weightsSources = sources
        distiller = try settings.makeDistiller(
            teacherHead: try teacher.flatMap { try TeacherHead.make($0) },
            config: config)
        // Upstream's distiller.named_parameters(): the student's, then the method's modules'.
        optimizer = solver.makeOptimizer(
            student.namedParameters(prefix: "student.")
                + distiller.method.namedParameters)
        schedule = solver.schedule
        let loaders = try Self.wrap("DATALOADER.NUM_INSTANCE", config) {
            try settings.makeLoaders(data.train, usesTeacher: methodType.usesTeacher)
        }
        studentLoader = loaders.student
        distillationLoader = loaders.distillation
        writesFolder = writeFolder
        folder =
            writeFolder && group.isLeader ? try RunFolder(config: config, settings: settings, resuming: resuming) : nil
        if !dropped.isEmpty {
            let images = "\(dropped.count) image\(dropped.count == 1 ? "" : "s")"
            folder?.log(
                "left out \(images) that fail the image check (DATASETS.BAD_IMAGES skip): "
                    + dropped.joined(separator: ", "))
        }
        student.setTraining(true)
    }

    /// Upstream picks the trainer by `SOLVER.TRAINER`; AIRS by the method, so a config whose
    /// trainer does not fit its method (its KD trainer with Vanilla) is refused, not overridden.
    static func checkTrainer(_ trainer: String, usesTeacher: Bool, config: Config) throws {
        let expected = usesTeacher ? "kd" : "vanilla"
        guard trainer == expected else {
            throw SolverSetup.invalid(
                "SOLVER.TRAINER", config,
                "is '\(trainer)', but DISTILLER.TYPE "
                    + "\(config["DISTILLER.TYPE"]?.pythonLiteral ?? "") trains with the '\(expected)' trainer; "
                    + "set SOLVER.TRAINER \(expected)")
        }
    }

    /// The learning rate of the first parameter group (`Base LR` in the log).
    public var learningRate: Double { optimizer.groups.first?.learningRate ?? 0 }

    /// Optimisation steps in the current epoch: every student batch (Vanilla), or the
    /// shorter of the student and distillation loaders (KD).
    public var stepsPerEpoch: Int {
        // The loaders count epochs from 0 (`startEpoch` opens `epoch - 1`).
        let students = studentLoader.plan(epoch: epoch - 1).count
        guard let distillationLoader else { return students }
        return min(students, distillationLoader.batchesPerEpoch)
    }

    /// Gives the student its starting weights (`ImageNetInitialisation`); a resumed run only
    /// names the source, its weights come from the resume file.
    static func initialiseStudent(
        _ student: any ImageNetwork, _ settings: DistillerSettings, config: Config, loading: Bool
    ) throws -> WeightsSource {
        guard loading else {
            return WeightsSource(
                role: "student", network: student.name, file: nil,
                reason: "resumed: weights from the resume state")
        }
        let key =
            settings.studentPretrainPath.isEmpty
            ? "DISTILLER.STUDENT_PRETRAIN_CHOICE" : "DISTILLER.STUDENT_PRETRAIN_PATH"
        return try wrap(key, config) {
            let source = try ImageNetInitialisation.source(
                network: student.name, pretrainPath: settings.studentPretrainPath,
                pretrainChoice: settings.studentPretrainChoice)
            return try NetworkWeights.naming("DISTILLER.STUDENT_NAME", network: student.name) {
                try ImageNetInitialisation.apply(source, to: student)
            }
        }
    }

    /// Runs a setup step; its failure names `key` and where `config` set it.
    static func wrap<T>(_ key: String, _ config: Config, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TrainingError {
            switch error {
            case .invalidSetting, .setupFailed: throw error
            default:
                throw TrainingError.setupFailed(
                    key: key, source: config.source(of: key)?.description ?? "defaults", underlying: "\(error)")
            }
        } catch {
            throw TrainingError.setupFailed(
                key: key, source: config.source(of: key)?.description ?? "defaults", underlying: "\(error)")
        }
    }
}
