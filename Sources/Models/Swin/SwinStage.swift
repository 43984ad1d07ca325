import NeuralNetwork
import TensorEngine

/// One stage of timm's Swin-V2: an optional `downsample` (PatchMerging; stages 1–3) then
/// `blocks`, alternating plain and shifted windows.
final class SwinStage: ShapeTracing {
    public var isTraining = true
    let downsample: PatchMerging?
    let blocks: Sequential

    /// `mergingFrom`: the input width when the stage starts with PatchMerging (its output is
    /// twice that, and `resolution` is the merged size).
    init(
        dimension: Int, mergingFrom: Int?, resolution: (height: Int, width: Int), heads: Int, window: Int,
        dropPaths: [Double], initializer w: inout WeightInitializer
    ) {
        downsample = mergingFrom.map { PatchMerging(dimension: $0, initializer: &w) }
        blocks = Sequential(
            dropPaths.enumerated().map { index, rate in
                SwinBlock(
                    dimension: dimension, resolution: resolution, heads: heads, window: window, shifted: index % 2 == 1,
                    dropPath: rate, initializer: &w)
            })
    }

    var children: [(name: String, module: any Module)] {
        (downsample.map { [("downsample", $0 as any Module)] } ?? []) + [("blocks", blocks)]
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try blocks(downsample?(input) ?? input)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let merged = try downsample.map { try tally.trace($0, named: "downsample", input) } ?? input
        return try tally.trace(blocks, named: "blocks", merged)
    }
}
