import NeuralNetwork
import TensorEngine

/// timm's Swin-V2 `PatchMerging` at the start of stages 1–3: each 2×2 patch of `[B, H, W, C]`
/// is concatenated in timm's order (`reshape(B, H/2, 2, W/2, 2, C).permute(0, 1, 3, 4, 2, 5)`),
/// reduced by `reduction` (4C → 2C, no bias), then `norm` (LayerNorm 2C): V2 normalises after
/// the reduction.
final class PatchMerging: ShapeTracing {
    public var isTraining = true
    let reduction: Linear
    let norm: LayerNorm
    let dimension: Int

    init(dimension: Int, initializer w: inout WeightInitializer) {
        self.dimension = dimension
        reduction = w.truncatedNormalLinear(4 * dimension, 2 * dimension, bias: false)
        norm = LayerNorm(features: 2 * dimension)
    }

    var children: [(name: String, module: any Module)] { [("reduction", reduction), ("norm", norm)] }

    /// `input` `[batch, height, width, C]` → `[batch, height/2, width/2, 2C]`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let (b, h, w, c) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let grouped = try input.reshaped([b, h / 2, 2, w / 2, 2, c]).permuted([0, 1, 3, 4, 2, 5]).reshaped([
            b, h / 2, w / 2, 4 * c,
        ])
        return try norm(reduction(grouped))
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 4, input[3] == dimension, input[1] % 2 == 0, input[2] % 2 == 0 else {
            throw tally.badInput(input, expected: "[batch, even height, even width, \(dimension)]")
        }
        let merged = [input[0], input[1] / 2, input[2] / 2, 4 * dimension]
        return try tally.trace(norm, named: "norm", tally.trace(reduction, named: "reduction", merged))
    }
}
