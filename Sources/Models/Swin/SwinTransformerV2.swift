import NeuralNetwork
import TensorEngine

/// Swin-Transformer-V2 (Liu et al., CVPR 2022) as timm's `swinv2_{tiny,small,base}_window8_256`
/// builds it, with the classification head removed: `patch_embed`, four `layers`, final `norm`.
/// Built for one input size (the attention masks depend on it): 256×256 upstream.
public final class SwinTransformerV2: Module {
    /// timm's three window-8 / 256-pixel variants.
    public enum Variant: Sendable {
        case tiny, small, base

        var settings: (embed: Int, depths: [Int], heads: [Int]) {
            switch self {
            case .tiny: return (96, [2, 2, 6, 2], [3, 6, 12, 24])
            case .small: return (96, [2, 2, 18, 2], [3, 6, 12, 24])
            case .base: return (128, [2, 2, 18, 2], [4, 8, 16, 32])
            }
        }
    }

    public var isTraining = true
    let patchEmbed: PatchEmbed
    let layers: Sequential
    let norm: LayerNorm
    /// Width of the last stage (768 for tiny and small, 1024 for base).
    let outputDimension: Int
    let imageSize: Int

    /// `dropPathRate`: timm's default stochastic depth 0.1, spread linearly over the blocks.
    init(
        variant: Variant, imageSize: Int = 256, window: Int = 8, dropPathRate: Double = 0.1,
        initializer w: inout WeightInitializer
    ) {
        let (embed, depths, heads) = variant.settings
        self.imageSize = imageSize
        patchEmbed = PatchEmbed(patch: 4, dimension: embed, initializer: &w)
        let total = depths.reduce(0, +)
        let rates = (0..<total).map { total > 1 ? dropPathRate * Double($0) / Double(total - 1) : 0 }
        var stages: [SwinStage] = []
        var start = 0
        for (index, depth) in depths.enumerated() {
            let dimension = embed << index
            let side = (imageSize / 4) >> index
            stages.append(
                SwinStage(
                    dimension: dimension, mergingFrom: index == 0 ? nil : dimension / 2, resolution: (side, side),
                    heads: heads[index], window: window, dropPaths: Array(rates[start..<(start + depth)]),
                    initializer: &w))
            start += depth
        }
        layers = Sequential(stages)
        outputDimension = embed << (depths.count - 1)
        norm = LayerNorm(features: outputDimension)
    }

    public var children: [(name: String, module: any Module)] {
        [("patch_embed", patchEmbed), ("layers", layers), ("norm", norm)]
    }

    /// timm's `forward_intermediates`: the final-normed NHWC map and the four raw stage
    /// outputs in NCHW.
    func forwardIntermediates(_ images: Tensor) throws -> (final: Tensor, stages: [Tensor]) {
        var x = try patchEmbed(images)
        var stages: [Tensor] = []
        for stage in layers.layers {
            x = try stage(x)
            stages.append(try x.permuted([0, 3, 1, 2]).contiguous())
        }
        return (try norm(x), stages)
    }

    func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 4, input[1] == 3, input[2] == imageSize, input[3] == imageSize else {
            throw tally.badInput(
                input, expected: "[batch, 3, \(imageSize), \(imageSize)] (Swin-V2 is built for one image size)")
        }
        let embedded = try tally.trace(patchEmbed, named: "patch_embed", input)
        return try tally.trace(norm, named: "norm", tally.trace(layers, named: "layers", embedded))
    }
}

/// Swin-V2 with the upstream retrieval head (`models/swin_transformer_v2.py`): the pooled
/// feature is the mean over height and width of the final-normed map.
public final class SwinV2Network: RetrievalNetwork {
    public var isTraining = true
    /// The registry name (`Swin_Transformer_V2_Small`).
    public let name: String
    /// The timm backbone (state-dict prefix `model`).
    public let model: SwinTransformerV2
    /// The retrieval head `fc` (d = 768 or 1024).
    public let head: ClassBlock

    public init(
        variant: SwinTransformerV2.Variant, numClasses: Int, imageSize: Int = 256, initialize: Bool = true,
        generator: inout RandomGenerator
    ) {
        var w = WeightInitializer(generator: generator, enabled: initialize)
        defer { generator = w.generator }
        switch variant {
        case .tiny: name = "Swin_Transformer_V2_Tiny"
        case .small: name = "Swin_Transformer_V2_Small"
        case .base: name = "Swin_Transformer_V2_Base"
        }
        model = SwinTransformerV2(variant: variant, imageSize: imageSize, initializer: &w)
        head = ClassBlock(inputDimension: model.outputDimension, numClasses: numClasses, initializer: &w)
    }

    public var children: [(name: String, module: any Module)] { [("model", model), ("fc", head)] }

    /// timm's intermediates (stage maps) and the mean of the final-normed map.
    public func features(_ images: Tensor) throws -> (stages: [Tensor], pooled: Tensor) {
        let (final, stages) = try model.forwardIntermediates(images)
        return (stages, try final.mean(axes: [1, 2]))
    }

    public func traceFeatures(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        // The pooling is `Tensor.mean`, which ptflops does not count.
        let map = try tally.child("model") { try model.trace(input, &$0) }
        return [map[0], map[3]]
    }
}
