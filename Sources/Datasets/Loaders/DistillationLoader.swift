import TensorEngine

/// The distillation loader (`spec/data.md` §3, §4.2): a fresh random permutation of the train
/// records each epoch, drop-last batches, each image decoded once and passed independently
/// through the student-train and teacher-train pipelines.
public struct DistillationLoader: Sendable {
    /// Train records (pids are train labels).
    public let records: [ImageRecord]
    /// Student-train pipeline (`INPUT.STUDENT_SIZE_TRAIN`, `INPUT.STUDENT_PADDING`).
    public let student: ImageTransform
    /// Teacher-train pipeline (`INPUT.TEACHER_SIZE_TRAIN`, `INPUT.TEACHER_PADDING`).
    public let teacher: ImageTransform
    /// Batch size, seed, threads, prefetch depth, bad-image policy.
    public let settings: LoaderSettings
    /// Images dropped because they could not be decoded (with `skipUndecodable`).
    public let skipped = SkipLog()

    /// A loader over `records`; throws when there are fewer records than one batch.
    public init(records: [ImageRecord], student: ImageTransform, teacher: ImageTransform, settings: LoaderSettings)
        throws
    {
        guard settings.batchSize > 0, records.count >= settings.batchSize else {
            throw DatasetError.invalidSettings(
                message:
                    "the distillation loader drops incomplete batches: \(records.count) train images make no batch of \(settings.batchSize); lower SOLVER.IMS_DISTILLATION_PER_BATCH"
            )
        }
        try student.validate()
        try teacher.validate()
        self.records = records
        self.student = student
        self.teacher = teacher
        self.settings = settings
    }

    /// Batches per epoch: ⌊records / batch⌋.
    public var batchesPerEpoch: Int { records.count / settings.batchSize }

    /// The dataset indices of every batch of `epoch`.
    public func plan(epoch: Int) -> [[Int]] {
        var rng = RandomGenerator(seed: settings.seed, stream: [UInt64(epoch), 0xD157])
        return SamplingOrder.shuffled(dropLast: true).batches(
            count: records.count, batchSize: settings.batchSize, using: &rng)
    }

    /// Starts producing the batches of `epoch` from `firstBatch` on (to resume mid-epoch) in the
    /// background. Every rank plans the same global batches; each decodes only its `shares`.
    public func epoch(_ epoch: Int, startingAt firstBatch: Int = 0, shares: BatchShares = .whole)
        -> BatchStream<DistillationBatch>
    {
        let batches = Array(plan(epoch: epoch).dropFirst(firstBatch))
        let assembler = BatchAssembler(settings: settings, views: [student, teacher], skipped: skipped)
        let records = self.records
        return BatchStream(count: batches.count, capacity: settings.prefetch) { index in
            let share = shares.range(of: batches[index].count)
            let chosen = batches[index][share].map { records[$0] }
            let key = [UInt64(epoch), 0xD157, UInt64(firstBatch + index)]
            let (tensors, kept) = try assembler.assemble(chosen, streamKey: key, firstPosition: share.lowerBound)
            return DistillationBatch(
                student: tensors[0], teacher: tensors[1], labels: kept.map(\.pid), paths: kept.map(\.path))
        }
    }
}
