import Foundation
import NeuralNetwork
import TensorEngine

/// Swin-V2 window attention as timm's `swin_transformer_v2.WindowAttention`: scaled cosine
/// attention with a learned per-head `logit_scale` (clamped at ln 100 before `exp`), and the
/// continuous relative-position bias `16·sigmoid(cpb_mlp(log-spaced coordinates))`.
/// `q_bias` and `v_bias` are learned; the key bias is a constant zero (timm's non-persistent
/// `k_bias`). State-dict order: `logit_scale`, `q_bias`, `v_bias`, `cpb_mlp`, `qkv`, `proj`.
final class WindowAttention: ShapeTracing {
    public var isTraining = true
    let dimension: Int, heads: Int, window: Int
    let logitScale: Parameter
    let queryBias: Parameter
    let valueBias: Parameter
    /// `cpb_mlp` = Linear(2 → 512) → ReLU → Linear(512 → heads, no bias).
    let cpbMLP: Sequential
    let qkv: Linear
    let proj: Linear
    /// `[1, 2w−1, 2w−1, 2]`: timm's `relative_coords_table` (not saved).
    let relativeCoordinates: Tensor
    /// `w²·w²` rows of the bias table, timm's `relative_position_index` (not saved).
    let relativeIndex: [Int]

    init(dimension: Int, heads: Int, window: Int, initializer w: inout WeightInitializer) {
        self.dimension = dimension
        self.heads = heads
        self.window = window
        logitScale = Parameter(.full([heads, 1, 1], value: Foundation.log(10.0)))
        queryBias = Parameter(.zeros([dimension]))
        valueBias = Parameter(.zeros([dimension]))
        cpbMLP = Sequential([
            w.truncatedNormalLinear(2, 512, bias: true), Activation(.relu),
            w.truncatedNormalLinear(512, heads, bias: false),
        ])
        qkv = w.truncatedNormalLinear(dimension, 3 * dimension, bias: false)
        proj = w.truncatedNormalLinear(dimension, dimension, bias: true)
        (relativeCoordinates, relativeIndex) = Self.relativePositions(window: window)
    }

    /// timm's tables: coordinates `d/(w−1)·8` mapped by `sign·log2(|·|+1)/log2(8)`, and the
    /// index `(Δh + w − 1)·(2w − 1) + Δw + w − 1` of every query/key pair.
    static func relativePositions(window: Int) -> (Tensor, [Int]) {
        let side = 2 * window - 1
        var table = [Float]()
        for dh in -(window - 1)..<window {
            for dw in -(window - 1)..<window {
                for d in [dh, dw] {
                    // float32 as timm computes it (the table is a float32 buffer).
                    let scaled = Float(d) / Float(window - 1) * 8
                    let sign: Float = scaled > 0 ? 1 : (scaled < 0 ? -1 : 0)
                    table.append(sign * Foundation.log2(Swift.abs(scaled) + 1) / Float(3))
                }
            }
        }
        var index = [Int]()
        let area = window * window
        for i in 0..<area {
            for j in 0..<area {
                index.append((i / window - j / window + window - 1) * side + (i % window - j % window + window - 1))
            }
        }
        // Shape is consistent with the element count by construction.
        let coordinates = (try? Tensor(shape: [1, side, side, 2], scalars: table)) ?? .zeros([1, side, side, 2])
        return (coordinates, index)
    }

    var ownParameters: [(name: String, parameter: Parameter)] {
        [("logit_scale", logitScale), ("q_bias", queryBias), ("v_bias", valueBias)]
    }

    var children: [(name: String, module: any Module)] { [("cpb_mlp", cpbMLP), ("qkv", qkv), ("proj", proj)] }

    /// `input` `[windows·batch, w², dimension]`; `mask` `[windows, w², w²]` (0 / −100) for
    /// shifted windows.
    func callAsFunction(_ input: Tensor, mask: Tensor?) throws -> Tensor {
        let (count, tokens) = (input.shape[0], input.shape[1])
        let bias = try Tensor.concatenated([queryBias.value, .zeros([dimension]), valueBias.value], axis: 0)
        let projected = try input.matmul(qkv.weight.value.transposed()) + bias
        let split = try projected.reshaped([count, tokens, 3, heads, dimension / heads]).permuted([2, 0, 3, 1, 4])
        let q = try split.select(axis: 0, index: 0)
        let k = try split.select(axis: 0, index: 1)
        let v = try split.select(axis: 0, index: 2)
        var attention = try q.l2Normalized(axis: -1).matmul(k.l2Normalized(axis: -1).transposed())
        attention = try attention * logitScale.value.clamped(min: -.infinity, max: Foundation.log(100.0)).exp()
        let table = try cpbMLP(relativeCoordinates).reshaped([-1, heads])
        let positionBias = try table.indexSelect(relativeIndex).reshaped([tokens, tokens, heads]).permuted([2, 0, 1])
        attention = try attention + (positionBias.sigmoid() * 16).unsqueezed(0)
        if let mask {
            let windows = mask.shape[0]
            attention = try
                (attention.reshaped([count / windows, windows, heads, tokens, tokens])
                + mask.unsqueezed(1).unsqueezed(0))
                .reshaped([count, heads, tokens, tokens])
        }
        let mixed = try attention.softmax(axis: -1).matmul(v).transposed(1, 2).reshaped([count, tokens, dimension])
        return try proj(mixed)
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try callAsFunction(input, mask: nil) }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 3, input[2] == dimension else {
            throw tally.badInput(input, expected: "[windows, tokens, \(dimension)]")
        }
        // timm applies `qkv` through F.linear (not hooked by ptflops) and the attention
        // products through `@` (not patched): neither is counted. nn.Softmax calls the patched
        // F.softmax: each attention logit once.
        _ = try tally.trace(cpbMLP, named: "cpb_mlp", relativeCoordinates.shape)
        tally.add(input[0] * heads * input[1] * input[1])
        return try tally.trace(proj, named: "proj", input)
    }
}
