import Configuration
import Datasets

extension RunSettings {
    /// Refuses a batch the training split cannot fill. The identity sampler draws
    /// `IMS_PER_BATCH / NUM_INSTANCE` distinct identities per batch and yields no batch at all
    /// when fewer exist, and the distillation loader drops incomplete batches: either would
    /// give an epoch of zero steps that still writes a checkpoint and a results file for an
    /// untrained network. Data-parallel ranks each need a sample of every batch.
    func checkBatchCapacity(_ train: [ImageRecord], usesTeacher: Bool, ranks: Int = 1, config: Config) throws {
        for (key, batch) in [
            ("SOLVER.IMS_PER_BATCH", solver.imagesPerBatch),
            ("SOLVER.IMS_DISTILLATION_PER_BATCH", usesTeacher ? solver.imagesPerDistillationBatch : ranks),
        ] where batch < ranks {
            throw Self.capacityError(
                key, config,
                underlying: "a batch of \(batch) images cannot be shared among \(ranks) processes (each takes a "
                    + "contiguous share of every batch); raise \(key) to \(ranks) or more, or run fewer processes")
        }
        let identities = Set(train.map(\.pid)).count
        let instances = dataLoader.numInstance
        let batch = solver.imagesPerBatch
        if instances > 0, batch % instances == 0, identities < batch / instances {
            let fitting = identities * instances
            throw Self.capacityError(
                "SOLVER.IMS_PER_BATCH", config,
                underlying:
                    "a student batch of \(batch) images with DATALOADER.NUM_INSTANCE \(instances) "
                    + "needs "
                    + "\(batch / instances) identities, but the training split has \(identities); "
                    + (fitting > 0 ? "lower SOLVER.IMS_PER_BATCH to \(fitting) or less, " : "")
                    + "lower DATALOADER.NUM_INSTANCE, or use a dataset with more training classes")
        }
        let distillationBatch = solver.imagesPerDistillationBatch
        if usesTeacher, train.count < distillationBatch {
            throw Self.capacityError(
                "SOLVER.IMS_DISTILLATION_PER_BATCH", config,
                underlying:
                    "a distillation batch needs \(distillationBatch) images, but the training split "
                    + "has \(train.count) (\(identities) identities); lower "
                    + "SOLVER.IMS_DISTILLATION_PER_BATCH to \(train.count) or less")
        }
    }

    private static func capacityError(_ key: String, _ config: Config, underlying: String)
        -> TrainingError
    {
        let source = config.source(of: key)?.description ?? "defaults"
        return .setupFailed(key: key, source: source, underlying: underlying)
    }
}
