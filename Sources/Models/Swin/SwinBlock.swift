import NeuralNetwork
import TensorEngine

/// timm's `SwinTransformerV2Block` on `[batch, H, W, C]` with res-post-norm:
/// `x + drop_path(norm1(attention(x)))`, then `x + drop_path(norm2(mlp(x)))`. Attention runs
/// on non-overlapping `w×w` windows; odd blocks first roll the map by `−w/2` (shifted
/// windows) and mask attention between regions that were not adjacent (timm's `attn_mask`).
/// A map no larger than the window uses one window and no shift (timm's `_calc_window_shift`).
final class SwinBlock: ShapeTracing {
    public var isTraining = true
    let attention: WindowAttention
    let norm1: LayerNorm
    let mlp: SwinMLP
    let norm2: LayerNorm
    let resolution: (height: Int, width: Int)
    let window: Int
    let shift: Int
    let attentionMask: Tensor?
    private let dropPath1: DropPath
    private let dropPath2: DropPath

    init(
        dimension: Int, resolution: (height: Int, width: Int), heads: Int, window: Int, shifted: Bool, dropPath: Double,
        initializer w: inout WeightInitializer
    ) {
        self.resolution = resolution
        let fits = resolution.height <= window || resolution.width <= window
        self.window = fits ? min(resolution.height, resolution.width) : window
        shift = shifted && !fits ? window / 2 : 0
        attention = WindowAttention(dimension: dimension, heads: heads, window: self.window, initializer: &w)
        // timm's `_init_respostnorm`: the post-norms start at weight 0, bias 0.
        norm1 = LayerNorm(features: dimension)
        norm2 = LayerNorm(features: dimension)
        w.zeros(norm1.weight)
        w.zeros(norm2.weight)
        mlp = SwinMLP(dimension: dimension, hidden: 4 * dimension, initializer: &w)
        dropPath1 = DropPath(probability: dropPath, generator: &w.generator)
        dropPath2 = DropPath(probability: dropPath, generator: &w.generator)
        attentionMask = shift > 0 ? Self.mask(resolution: resolution, window: self.window, shift: shift) : nil
    }

    /// `[windows, w², w²]`: 0 between tokens of the same region of the rolled map, −100 otherwise.
    static func mask(resolution: (height: Int, width: Int), window: Int, shift: Int) -> Tensor {
        func region(_ i: Int, _ size: Int) -> Int { i < size - window ? 0 : (i < size - shift ? 1 : 2) }
        let (h, w) = resolution
        let windowsAcross = w / window
        let area = window * window
        let count = (h / window) * windowsAcross
        return Tensor.makeFloats([count, area, area]) { out in
            for n in 0..<count {
                let (row, column) = (n / windowsAcross * window, n % windowsAcross * window)
                let labels = (0..<area).map { region(row + $0 / window, h) * 3 + region(column + $0 % window, w) }
                for i in 0..<area {
                    for j in 0..<area { out[(n * area + i) * area + j] = labels[i] == labels[j] ? 0 : -100 }
                }
            }
        }
    }

    var children: [(name: String, module: any Module)] {
        // The drop-paths hold no state but must follow train/eval mode, so they are children.
        [
            ("attn", attention), ("norm1", norm1), ("drop_path1", dropPath1), ("mlp", mlp), ("norm2", norm2),
            ("drop_path2", dropPath2),
        ]
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let (b, h, w, c) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        var shifted = input
        if shift > 0 { shifted = try input.rolled(by: -shift, axis: 1).rolled(by: -shift, axis: 2) }
        let windows = try shifted.reshaped([b, h / window, window, w / window, window, c]).permuted([0, 1, 3, 2, 4, 5])
            .reshaped([-1, window * window, c])
        let attended = try attention(windows, mask: attentionMask)
        var merged = try attended.reshaped([b, h / window, w / window, window, window, c]).permuted([0, 1, 3, 2, 4, 5])
            .reshaped([b, h, w, c])
        if shift > 0 { merged = try merged.rolled(by: shift, axis: 1).rolled(by: shift, axis: 2) }
        // A frozen block (the teacher) never drops paths, whatever its mode.
        let training = isTraining && !norm1.weight.isFrozen
        let x = try input + dropPath1(norm1(merged), training: training)
        return try x + dropPath2(norm2(mlp(x)), training: training)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 4, input[1] == resolution.height, input[2] == resolution.width,
            input[3] == attention.dimension
        else {
            throw tally.badInput(
                input, expected: "[batch, \(resolution.height), \(resolution.width), \(attention.dimension)]")
        }
        let tokens = [input[0] * (input[1] / window) * (input[2] / window), window * window, input[3]]
        _ = try tally.trace(attention, named: "attn", tokens)
        _ = try tally.trace(norm1, named: "norm1", input)
        _ = try tally.trace(mlp, named: "mlp", input)
        return try tally.trace(norm2, named: "norm2", input)
    }
}
