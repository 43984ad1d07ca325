import NeuralNetwork
import TensorEngine

/// The terms of UGD, unweighted, and the mask sizes.
public struct UGDTerms {
    /// `f`: mean L2 distance of the normalised global embeddings.
    public var global: Tensor
    /// Mean distance of the teacher-correct cells at the full grid (0 if none).
    public var local: Tensor
    /// The same at the half grid (0 if none).
    public var localHalf: Tensor
    /// How many cells each mask keeps.
    public var localMaskCount: Int
    /// How many cells the half-grid mask keeps.
    public var localHalfMaskCount: Int
}

/// The inputs of UGD besides its projectors.
public struct UGDInputs {
    /// Student stage map `[batch, Cs, Hs, Ws]` (stage `DISTILLATION_LAYER`).
    public var studentMap: Tensor
    /// Teacher last stage map `[batch, Ct, Ht, Wt]` (constant).
    public var teacherMap: Tensor
    /// Student and teacher retrieval embeddings `[batch, width]`.
    public var student: Tensor
    /// Teacher retrieval embedding (constant).
    public var teacher: Tensor
    /// Distillation-batch labels.
    public var targets: [Int]

    /// The inputs of one UGD evaluation.
    public init(studentMap: Tensor, teacherMap: Tensor, student: Tensor, teacher: Tensor, targets: [Int]) {
        self.studentMap = studentMap
        self.teacherMap = teacherMap
        self.student = student
        self.teacher = teacher
        self.targets = targets
    }
}

/// Unambiguous granularity distillation (upstream's UGD): a global embedding term plus local
/// terms on grid cells whose pooled teacher feature the teacher head classifies correctly, at
/// grid `P` and `P/2`, through two learnable projectors. `L = α·f + β·(local + local_half)`.
/// Updates the projectors' running statistics.
public func ugdLoss(
    _ inputs: UGDInputs, teacherHead: any ClassifierHead, projector: any RowProjector,
    projectorHalf: any RowProjector, gridSize: Int, settings: UGD.Settings
) throws -> Tensor {
    let terms = try ugdTerms(
        inputs, teacherHead: teacherHead, projector: projector, projectorHalf: projectorHalf, gridSize: gridSize)
    return try terms.global * settings.alpha + (terms.local + terms.localHalf) * settings.beta
}

/// The terms of `ugdLoss`.
public func ugdTerms(
    _ inputs: UGDInputs, teacherHead: any ClassifierHead, projector: any RowProjector,
    projectorHalf: any RowProjector, gridSize: Int
) throws -> UGDTerms {
    try requireMatchingFeatures(inputs.student, inputs.teacher, loss: "UGD")
    let batch = inputs.student.shape[0]
    guard inputs.targets.count == batch, inputs.studentMap.shape.first == batch, inputs.teacherMap.shape.first == batch
    else {
        throw DistillerError.shapeMismatch(
            loss: "UGD",
            message: "maps \(inputs.studentMap.shape), \(inputs.teacherMap.shape) and "
                + "\(inputs.targets.count) targets must all have the batch of the embeddings (\(batch))")
    }
    let global = try (normalizedRows(inputs.teacher.detached()) - normalizedRows(inputs.student)).norm(axis: 1).mean()
    func local(grid: Int, projector: any RowProjector) throws -> (Tensor, Int) {
        let (logits, teacherCells) = try teacherHead.classify(
            adaptiveAveragePoolRows(inputs.teacherMap.detached(), grid: grid))
        let studentCells = try projector(adaptiveAveragePoolRows(inputs.studentMap, grid: grid))
        let cellsPerSample = grid * grid
        let predicted = try logits.argmax(axis: 1)
        let mask = predicted.indices.map { predicted[$0] == inputs.targets[$0 / cellsPerSample] }
        let count = mask.filter { $0 }.count
        // Upstream (distillers/UGD.py) substitutes a float32 [0.] for an empty mask; a scalar 0
        // in the working precision here.
        guard count > 0 else { return (Tensor.zeros([], dtype: inputs.student.dtype), 0) }
        let distance = try (normalizedRows(teacherCells.detached()) - normalizedRows(studentCells)).rows(where: mask)
            .norm(axis: 1)
        return (try distance.mean(), count)
    }
    let (full, fullCount) = try local(grid: gridSize, projector: projector)
    let (half, halfCount) = try local(grid: gridSize / 2, projector: projectorHalf)
    return UGDTerms(
        global: global, local: full, localHalf: half, localMaskCount: fullCount, localHalfMaskCount: halfCount)
}

/// UGD (`DISTILLER.TYPE: UGD`, section `UGD`), with its two projectors as modules.
public struct UGD: DistillationMethod {
    /// The loss reads the student's `DISTILLATION_LAYER` map and the teacher's last one.
    public static let usesStageFeatures = true
    /// `DISTILLER.TYPE`.
    public static let typeName = "UGD"
    /// Student stage widths by `DISTILLER.STUDENT_NAME` (upstream's fixed table).
    public static let studentChannels = ["ResNet18": [64, 128, 256, 512], "MobileNetV3_Small": [16, 24, 48, 576]]

    /// The `UGD` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "UGD"
        /// `UGD.DISTILLATION_LAYER`: the student stage (1-based) fed to the projectors.
        public var distillationLayer: Int
        /// `UGD.ALPHA`: weight of the global term.
        public var alpha: Double
        /// `UGD.BETA`: weight of the local terms.
        public var beta: Double
        /// `UGD.KD_WEIGHT`.
        public var kdWeight: Double
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            distillationLayer = try reader.int("DISTILLATION_LAYER")
            alpha = try reader.double("ALPHA")
            beta = try reader.double("BETA")
            kdWeight = try reader.double("KD_WEIGHT")
            try reader.finish()
            guard (1...4).contains(distillationLayer) else {
                throw reader.invalid("DISTILLATION_LAYER", "must be a stage 1...4, not \(distillationLayer)")
            }
        }
    }

    /// The settings in use.
    public let settings: Settings
    /// Projector for the full grid (`projector.*`) and the half grid (`projector_half.*`).
    public let projector: UGDProjector
    /// Projector for the half grid.
    public let projectorHalf: UGDProjector
    /// The frozen teacher head; required by `distillationLoss`.
    public var teacherHead: (any ClassifierHead)?
    /// `P = STUDENT_SIZE_TRAIN[0] // 16` (the height only, as upstream).
    public let gridSize: Int

    /// UGD with explicit projectors (checkpoints, tests).
    public init(
        settings: Settings, projector: UGDProjector, projectorHalf: UGDProjector,
        teacherHead: (any ClassifierHead)?, gridSize: Int
    ) {
        self.settings = settings
        self.projector = projector
        self.projectorHalf = projectorHalf
        self.teacherHead = teacherHead
        self.gridSize = gridSize
    }

    /// UGD with fresh projectors sized by the student's stage width and a 512-wide bottleneck.
    public init(settings: Settings, context: DistillerContext) throws {
        guard let stages = UGD.studentChannels[context.studentName] else {
            throw DistillerError.invalidSetting(
                key: "DISTILLER.STUDENT_NAME", origin: "UGD",
                message: "is '\(context.studentName)'; UGD supports \(UGD.studentChannels.keys.sorted())")
        }
        guard let height = context.studentInputSize.first, height >= 32 else {
            throw DistillerError.invalidSetting(
                key: "INPUT.STUDENT_SIZE_TRAIN", origin: "UGD",
                message: "must be [height, width] with height ≥ 32 for a 2×2 half grid")
        }
        var generator = RandomGenerator(seed: context.seed)
        let channels = stages[settings.distillationLayer - 1]
        self.init(
            settings: settings, projector: UGDProjector(channels: channels, generator: &generator),
            projectorHalf: UGDProjector(channels: channels, generator: &generator),
            teacherHead: context.teacherHead, gridSize: height / 16)
    }

    /// The projectors, as modules of the run (`projector.*`, `projector_half.*`).
    public var modules: [(name: String, module: any Module)] {
        [("projector", projector), ("projector_half", projectorHalf)]
    }

    /// `KD_WEIGHT ·` the loss on embeddings and stage maps (student stage `DISTILLATION_LAYER`, teacher last stage).
    public func distillationLoss(student: any NetworkOutputs, teacher: any NetworkOutputs, targets: [Int]) throws
        -> Tensor
    {
        guard let teacherHead else {
            throw DistillerError.missingInput(loss: "UGD", input: "the teacher's classifier head")
        }
        let layer = settings.distillationLayer
        guard student.stageFeatures.count >= layer, let teacherMap = teacher.stageFeatures.last else {
            throw DistillerError.missingInput(
                loss: "UGD", input: "student stage \(layer) and the teacher's last stage feature maps")
        }
        let inputs = UGDInputs(
            studentMap: student.stageFeatures[layer - 1], teacherMap: teacherMap,
            student: student.retrievalFeature, teacher: teacher.retrievalFeature, targets: targets)
        return try ugdLoss(
            inputs, teacherHead: teacherHead, projector: projector, projectorHalf: projectorHalf,
            gridSize: gridSize, settings: settings) * settings.kdWeight
    }
}
