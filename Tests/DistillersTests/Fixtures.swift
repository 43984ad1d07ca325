import Distillers
import TensorEngine
import TestSupport

/// Small random inputs shared by the gradient-check and edge-case tests.
enum Fixtures {
    /// Student and teacher embeddings `[batch, dim]`, float64.
    static func features(batch: Int = 6, dim: Int = 5, seed: UInt64 = 11) -> (student: Tensor, teacher: Tensor) {
        (randomTensor([batch, dim], seed: seed), randomTensor([batch, dim], seed: seed + 100))
    }

    /// Outputs that carry only a retrieval embedding (and the same tensor as logits).
    static func outputs(_ feature: Tensor) -> NetworkOutputValues {
        NetworkOutputValues(logits: feature, retrievalFeature: feature)
    }

    /// Every registered method that distils retrieval embeddings or logits from two `[batch, dim]`
    /// tensors (all but Vanilla and UGD), at its defaults with `TOPK` fitting `batch`.
    static func featureMethods(batch: Int) throws -> [any DistillationMethod] {
        let source: [String: SettingValue] = [
            "CSD.TOPK": .int(batch), "ROP.TOPK": .int(batch), "D3.TOPK": .int(Swift.min(4, batch)),
        ]
        return try DistillerRegistry.names.filter { !["NONE", "UGD"].contains($0) }.map {
            try DistillerRegistry.make($0, source: source)
        }
    }

    /// A constant eval-mode teacher head with `channels` inputs, `width` bottleneck, `classes` outputs.
    static func head(channels: Int, width: Int, classes: Int, seed: UInt64) -> ClassBlockHead {
        let positive = (try? randomTensor([width], seed: seed + 5).abs() + 0.5) ?? Tensor.ones([width], dtype: .float64)
        return ClassBlockHead(
            bn1: (
                Tensor.ones([channels], dtype: .float64), randomTensor([channels], seed: seed, scale: 0.1),
                randomTensor([channels], seed: seed + 1, scale: 0.1), Tensor.ones([channels], dtype: .float64)
            ),
            linearWeight: randomTensor([width, channels], seed: seed + 2, scale: 0.5),
            bn2: (
                Tensor.ones([width], dtype: .float64), Tensor.zeros([width], dtype: .float64),
                Tensor.zeros([width], dtype: .float64), positive
            ),
            classifierWeight: randomTensor([classes, width], seed: seed + 3))
    }
}
