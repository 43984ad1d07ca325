import NeuralNetwork
import TensorEngine

/// timm's `PatchEmbed` for Swin-V2: `proj` (Conv2d 3 → C, kernel = stride = patch, with bias)
/// then `norm` (LayerNorm C) on the NHWC map.
final class PatchEmbed: ShapeTracing {
    public var isTraining = true
    let proj: Conv2d
    let norm: LayerNorm

    init(patch: Int, dimension: Int, initializer w: inout WeightInitializer) {
        proj = w.conv(3, dimension, kernel: patch, stride: patch, padding: 0, bias: true, scheme: .pytorchDefault)
        norm = LayerNorm(features: dimension)
    }

    var children: [(name: String, module: any Module)] { [("proj", proj), ("norm", norm)] }

    /// `[batch, 3, H, W]` → `[batch, H/patch, W/patch, C]`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try norm(proj(input).permuted([0, 2, 3, 1]))
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let map = try tally.trace(proj, named: "proj", input)
        return try tally.trace(norm, named: "norm", [map[0], map[2], map[3], map[1]])
    }
}
