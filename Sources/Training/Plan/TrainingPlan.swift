import Configuration
import Datasets
import Distillers
import Foundation
import Models
import NeuralNetwork
import TensorEngine

/// What a config will build, without training (`airs train --plan`): the networks, the
/// optimizer and its parameter groups, the learning rate of every epoch, the loaders, the
/// distiller, the evaluation and the output folder. Built by the same code as `TrainingRun`,
/// so it shows what a run would do; nothing is written, no weights or images are read (the
/// dataset's list files are, when they exist).
public struct TrainingPlan {
    /// One network of the run.
    public struct Network {
        /// `student` or `teacher`.
        public var role: String
        /// The registry name (`ResNet18`).
        public var name: String
        /// Train and test input `[height, width]`.
        public var trainSize, testSize: [Int]
        /// The layer4 / last-block stride.
        public var lastStride: Int
        /// Where the weights come from.
        public var weights: String
        /// Learnable scalars (the classifier sized by the dataset's identities when known).
        public var parameterCount: Int
    }

    /// Parameter tensors that share a learning rate and weight decay.
    public struct GroupSummary: Equatable {
        /// The base learning rate of the group (before the schedule).
        public var learningRate: Double
        /// The weight decay.
        public var weightDecay: Double
        /// How many parameter tensors.
        public var tensors: Int
    }

    /// One loader, or why it cannot be built yet.
    public struct Loader {
        /// `student` or `distillation`.
        public var role: String
        /// Images per batch.
        public var batchSize: Int
        /// Images per identity (student loader only).
        public var instances: Int?
        /// Network-side transforms: `[height, width]`, padding, flip and erasing probability.
        public var transforms: [String]
        /// Decoding and augmentation threads (`DATALOADER.NUM_WORKERS`).
        public var threads: Int
        /// Batches per epoch, when the dataset could be read.
        public var batchesPerEpoch: Int?
    }

    /// The resolved config.
    public let config: Config
    /// Student, then teacher (KD methods).
    public let networks: [Network]
    /// Whether the classifiers are sized by the dataset (else for 1 identity: it was not read).
    public let classesKnown: Bool
    /// `SOLVER.OPTIMIZER_NAME`.
    public let optimizer: OptimizerChoice
    /// `SOLVER.MOMENTUM` (SGD only).
    public let momentum: Double
    /// The parameter groups, merged by (lr, weight decay), in order of first appearance.
    public let groups: [GroupSummary]
    /// `SOLVER.LR_DECAY_TYPE`.
    public let schedule: ScheduleChoice
    /// The learning rate of the first parameter group in every epoch, 1-based order.
    public let learningRates: [Double]
    /// The dataset's statistics table, or why it could not be read.
    public let dataset: Result<String, any Error>
    /// The student loader and, for KD methods, the distillation loader.
    public let loaders: [Loader]
    /// Why the loaders could not be built from the dataset, if they could not.
    public let loaderProblem: String?
    /// `INPUT.PIXEL_MEAN` and `PIXEL_STD`.
    public let normalization: Normalization
    /// The `SOLVER` section (seed, checkpoint period, non-finite steps).
    public let solver: SolverSettings
    /// The `TEST` section (evaluation batch, metric, re-ranking).
    public let test: TestSettings
    /// `DISTILLER.TYPE`, and the method's and the shared loss settings as they decode.
    public let distiller: (type: String, method: String, losses: String)
    /// Learnable scalars of the method's own modules (UGD's projectors).
    public let methodParameterCount: Int
    /// The run folder `ROOT_PATH/EXPERIMENT_NAME`.
    public let outputFolder: URL

    /// Builds the plan; refuses what a run would refuse (unsupported values, unknown names,
    /// impossible schedules), naming the key. A missing or unreadable dataset is reported in
    /// the loader section instead.
    public init(config: Config) throws {
        self.config = config
        let settings = try RunSettings(config)
        let setup = try SolverSetup(settings.solver, config: config)
        let methodType = try TrainingRun.wrap("DISTILLER.TYPE", config) {
            try DistillerRegistry.method(named: settings.distiller.type)
        }
        try TrainingRun.checkTrainer(
            settings.solver.trainer, usesTeacher: methodType.usesTeacher, config: config)
        let data = Result<RetrievalDataset, any Error> {
            try TrainingRun.wrap("DATASETS.ROOT_DIR", config) {
                try RetrievalDataset.read(
                    name: settings.datasets.names,
                    root: URL(fileURLWithPath: settings.datasets.rootDirectory))
            }
        }
        let classes = (try? data.get().numClasses) ?? 1
        classesKnown = (try? data.get()) != nil
        var generator = RandomGenerator(seed: settings.seed)
        let student = try settings.makeStudent(
            classes: classes, initialize: false, generator: &generator, config: config)
        var networks = [
            Network(
                role: "student", name: student.name, trainSize: settings.input.studentSizeTrain,
                testSize: settings.input.studentSizeTest,
                lastStride: settings.distiller.studentLastStride,
                weights: Self.studentWeights(
                    settings.distiller, network: student.name, config: config),
                parameterCount: student.parameterCount)
        ]
        if methodType.usesTeacher {
            let teacher = try settings.makeTeacher(
                classes: classes, generator: &generator, config: config)
            let path = settings.distiller.teacherModelPath
            let found = FileManager.default.fileExists(atPath: path) ? "" : " (not found)"
            networks.append(
                Network(
                    role: "teacher", name: teacher.name, trainSize: settings.input.teacherSizeTrain,
                    testSize: settings.input.teacherSizeTest,
                    lastStride: settings.distiller.teacherLastStride,
                    weights: "TEACHER_MODEL_PATH \(path)\(found)",
                    parameterCount: teacher.parameterCount))
        }
        self.networks = networks
        let distiller = try settings.makeDistiller(teacherHead: nil, config: config)
        let groups = setup.groups(
            student.namedParameters(prefix: "student.") + distiller.method.namedParameters)
        self.groups = Self.summarise(groups)
        optimizer = setup.optimizer
        momentum = settings.solver.momentum
        schedule = setup.scheduleChoice
        learningRates = setup.learningRates(
            base: groups.first?.baseLearningRate ?? settings.solver.baseLR)
        self.distiller = (
            settings.distiller.type, Self.fields(distiller.method.settings),
            Self.fields(distiller.shared)
        )
        methodParameterCount = distiller.method.namedParameters.reduce(0) {
            $0 + $1.parameter.value.count
        }
        dataset = data.map { $0.statistics }
        (loaders, loaderProblem) = Self.loaders(
            settings, data: try? data.get(), usesTeacher: methodType.usesTeacher)
        normalization = settings.normalization
        solver = settings.solver
        test = settings.test
        outputFolder = URL(fileURLWithPath: settings.output.rootPath)
            .appendingPathComponent(settings.output.experimentName)
    }

    /// Where the student's weights would come from (`ImageNetInitialisation`), without reading
    /// them; a missing file is shown with the error the run would stop with.
    static func studentWeights(_ settings: DistillerSettings, network: String, config: Config)
        -> String
    {
        let key =
            settings.studentPretrainPath.isEmpty
            ? "DISTILLER.STUDENT_PRETRAIN_CHOICE" : "DISTILLER.STUDENT_PRETRAIN_PATH"
        do {
            let source = try TrainingRun.wrap(key, config) {
                try ImageNetInitialisation.source(
                    network: network, pretrainPath: settings.studentPretrainPath,
                    pretrainChoice: settings.studentPretrainChoice)
            }
            return source.file.map { "\($0) (\(source.reason))" }
                ?? "random initialisation (\(source.reason))"
        } catch {
            return "MISSING, training would stop: \(error)"
        }
    }

    /// `name value, name value` for the stored properties of `settings` (`none` if it has none).
    static func fields(_ settings: Any) -> String {
        let fields = Mirror(reflecting: settings).children.map { "\($0.label ?? "?") \($0.value)" }
        return fields.isEmpty ? "none" : fields.joined(separator: ", ")
    }

    /// Groups merged by (lr, weight decay), in order of first appearance.
    static func summarise(_ groups: [ParameterGroup]) -> [GroupSummary] {
        var summaries: [GroupSummary] = []
        for group in groups {
            if let index = summaries.firstIndex(where: {
                $0.learningRate == group.baseLearningRate && $0.weightDecay == group.weightDecay
            }) {
                summaries[index].tensors += 1
            } else {
                summaries.append(
                    GroupSummary(
                        learningRate: group.baseLearningRate, weightDecay: group.weightDecay,
                        tensors: 1))
            }
        }
        return summaries
    }

    /// The loaders as configured; their batch counts when the dataset was read.
    static func loaders(_ settings: RunSettings, data: RetrievalDataset?, usesTeacher: Bool)
        -> ([Loader], String?)
    {
        func describe(_ transform: ImageTransform) -> String {
            "\(transform.height)×\(transform.width), padding \(transform.padding), "
                + "flip \(transform.flipProbability), "
                + "erasing \(transform.erasing?.probability ?? 0)"
        }
        let input = settings.input
        let student = settings.transform(
            size: input.studentSizeTrain, padding: input.studentPadding, training: true)
        let threads = max(settings.dataLoader.numWorkers, 1)
        var loaders = [
            Loader(
                role: "student", batchSize: settings.solver.imagesPerBatch,
                instances: settings.dataLoader.numInstance, transforms: [describe(student)],
                threads: threads)
        ]
        if usesTeacher {
            let teacher = settings.transform(
                size: input.teacherSizeTrain, padding: input.teacherPadding, training: true)
            loaders.append(
                Loader(
                    role: "distillation", batchSize: settings.solver.imagesPerDistillationBatch,
                    instances: nil, transforms: [describe(student), describe(teacher)],
                    threads: threads))
        }
        guard let data else { return (loaders, nil) }
        do {
            let built = try settings.makeLoaders(data.train, usesTeacher: usesTeacher)
            loaders[0].batchesPerEpoch = built.student.plan(epoch: 0).count
            if let distillation = built.distillation {
                loaders[1].batchesPerEpoch = distillation.batchesPerEpoch
            }
            return (loaders, nil)
        } catch {
            return (loaders, "\(error)")
        }
    }

    /// Optimisation steps per epoch: the student loader's batches, or the shorter loader's
    /// (KD); nil when the dataset could not be read.
    public var stepsPerEpoch: Int? {
        let counts = loaders.map(\.batchesPerEpoch)
        guard counts.allSatisfy({ $0 != nil }) else { return nil }
        return counts.compactMap { $0 }.min()
    }
}
