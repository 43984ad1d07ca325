import Configuration
import Datasets
import Foundation
import Models
import NeuralNetwork
import TensorEngine
import Testing

@testable import Training

/// A dataset of exactly one P × K batch (2 train classes × 2 images, 32 px) and a teacher for
/// it, so that both epochs of a run see the same four images in the student batch and in the
/// distillation batch: the epoch means then differ only by the weights.
enum OneBatchFixture {
    static let root: URL? = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("airs-one-batch-\(UUID().uuidString)")
        do {
            try SyntheticDataset.write(
                to: root.appendingPathComponent("CUB_200_2011"), classes: 4, perClass: 2, size: 32, seed: 11)
            return root
        } catch {
            return nil
        }
    }()

    /// One step per epoch on the whole train set, at a constant learning rate, with no random
    /// flip, crop or erasing. MobileNetV3-Small at 32 px, the smallest input UGD accepts.
    static func config(learningRate: String, _ overrides: [String]) throws -> Config {
        let root = try #require(root)
        return try Fixture.config(
            [
                "DATASETS.ROOT_DIR", root.path, "SOLVER.IMS_PER_BATCH", "4", "DATALOADER.NUM_INSTANCE", "2",
                "SOLVER.IMS_DISTILLATION_PER_BATCH", "4", "SOLVER.MAX_EPOCHS", "2", "SOLVER.CHECKPOINT_PERIOD", "2",
                "INPUT.PROB", "0.0", "INPUT.RE_PROB", "0.0", "INPUT.STUDENT_PADDING", "0", "INPUT.TEACHER_PADDING", "0",
                "SOLVER.LR_WARMUP_FACTOR", "1.0", "SOLVER.BASE_LR", learningRate,
                "D3.TOPK", "3", "CSD.TOPK", "4", "ROP.TOPK", "4",
            ] + overrides)
    }

    /// A teacher trained for two steps on the batch, its batch-norm statistics then set to the
    /// batch's. Without that a MobileNetV3 (BN momentum 0.01) a few steps old still holds the
    /// initial running statistics, and in eval mode gives the same embedding and logits for
    /// every image: the teacher of every method would be a constant.
    static let teacher: URL? = {
        do {
            let run = try TrainingRun(config: config(learningRate: "0.001", []), writeFolder: false)
            try run.run(untilEpoch: 2)
            guard let batch = try run.studentLoader.epoch(0).next() else { return nil }
            try setBatchNormStatistics(of: run.student, to: batch.images)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "airs-one-batch-teacher-\(UUID().uuidString).safetensors")
            try NetworkWeights.write(run.student, to: file)
            return file
        } catch {
            return nil
        }
    }()

    /// Sets every batch norm's running mean and variance to the statistics of `images`: from zero,
    /// one training-mode pass leaves `momentum ·` the batch statistic.
    static func setBatchNormStatistics(of network: any ImageNetwork, to images: Tensor) throws {
        let norms = batchNorms(in: network)
        for norm in norms {
            norm.runningMean.value = Tensor.zeros([norm.features])
            norm.runningVariance.value = Tensor.zeros([norm.features])
        }
        network.setTraining(true)
        _ = try Tensor.withoutGradient { try network(images) }
        for norm in norms {
            norm.runningMean.value = try norm.runningMean.value / norm.momentum
            norm.runningVariance.value = try norm.runningVariance.value / norm.momentum
        }
    }

    static func batchNorms(in module: any Module) -> [BatchNorm] {
        let own = (module as? BatchNorm).map { [$0] } ?? []
        return own + module.children.flatMap { batchNorms(in: $0.module) }
    }
}
