import NeuralNetwork
import TensorEngine

extension ResNet {
    /// Whether fp32 images run through the lowered backbone: every batch norm uses its
    /// running statistics (eval mode, or frozen).
    var lowersInference: Bool {
        let norms = [bn1] + layers.flatMap { $0.layers.compactMap { $0 as? ResidualBlock }.flatMap(\.batchNorms) }
        return !norms.contains(where: \.usesBatchStatistics)
    }

    /// The outputs of `images` `[batch, 3, height, width]` through the backbone lowered into
    /// oneDNN (batch norm folded, blocked activations, weights converted once) in the current
    /// `InferencePrecision`, the head in fp32, with only the last stage map unless
    /// `keepsStageMaps`; nil when not `lowersInference` or the images are not fp32, so the
    /// caller runs `self(images)`. A large batch runs in chunks (`InferenceChunking`).
    func loweredOutputs(_ images: Tensor, keepsStageMaps: Bool = true) throws -> NetworkOutputs? {
        var tally = ComplexityTally()
        _ = try trace(images.shape, &tally)
        guard images.dtype == .float32, lowersInference else { return nil }
        let type: DNNLDataType = InferencePrecision.current == .bf16 ? .bf16 : .f32
        let backbone = BackboneView(self)
        let batch = images.shape[0]
        let rows = chunkRows(images.shape)
        var pooledParts: [Tensor] = []
        var stageParts: [[Tensor]] = []
        for start in stride(from: 0, to: batch, by: rows) {
            let chunk = rows >= batch ? images : try images.slice(axis: 0, start..<min(start + rows, batch))
            let plan = try inferenceCache.plan(
                for: backbone, inputShape: chunk.shape, type: type, lower: { try LoweredResNet(self) },
                plan: { try $0.plan(inputShape: chunk.shape, type: type) })
            let maps = try plan.run(chunk, keepsStageMaps: keepsStageMaps)
            guard let last = maps.last else { return nil }
            pooledParts.append(try globalPool(last).flattened(from: 1))
            if keepsStageMaps { stageParts.append(maps) }
        }
        let pooled = try Self.joined(pooledParts)
        let stageFeatures = try (stageParts.first?.indices ?? 0..<0).map { stage in
            try Self.joined(stageParts.map { $0[stage] })
        }
        let (logits, retrieval) = try Tensor.withInferencePrecision(.fp32) { try head.forward(pooled) }
        return NetworkOutputs(
            logits: logits, pooledFeature: pooled, retrievalFeature: retrieval, stageFeatures: stageFeatures)
    }

    /// Images per lowered run (`InferenceChunking`): the widest activation is the stem's
    /// output, as wide as layer1's.
    private func chunkRows(_ shape: [Int]) -> Int {
        let stemBytes = conv1.outChannels * ((shape[2] + 1) / 2) * ((shape[3] + 1) / 2) * MemoryLayout<Float>.size
        return InferenceChunking.rows(bytesPerImage: stemBytes)
    }

    private static func joined(_ parts: [Tensor]) throws -> Tensor {
        parts.count == 1 ? parts[0] : try Tensor.concatenated(parts, axis: 0)
    }
}

/// The backbone's state (stem and layers, not the head, which runs unlowered): what a
/// lowering depends on.
private final class BackboneView: Module {
    var isTraining = false
    let children: [(name: String, module: any Module)]

    init(_ network: ResNet) { children = network.children.filter { $0.name != "fc" } }
}

/// A ResNet's convolutions with their norms folded, ready to plan for any input shape.
final class LoweredResNet {
    private struct Block {
        let convolutions: [FoldedConvolution]
        let downsample: FoldedConvolution?
        /// The IBN-a instance norm on the first half of the first convolution's output.
        let instanceNorm: InstanceNorm2d?
    }

    private let stem: FoldedConvolution
    private let pool: Pool2d
    private let stages: [[Block]]

    init(_ network: ResNet) throws {
        stem = try FoldedConvolution(network.conv1, norm: network.bn1)
        pool = network.maxPool
        stages = try network.layers.map { layer in
            try layer.layers.compactMap { $0 as? ResidualBlock }.map { block in
                var convolutions: [FoldedConvolution] = []
                var instanceNorm: InstanceNorm2d?
                for stage in block.stages {
                    if let ibn = stage.norm as? IBN {
                        instanceNorm = ibn.instanceNorm
                        convolutions.append(
                            try FoldedConvolution(
                                stage.conv, norm: ibn.batchNorm, normalising: ibn.half..<stage.conv.outChannels))
                    } else {
                        convolutions.append(try FoldedConvolution(stage.conv, norm: stage.norm as? BatchNorm))
                    }
                }
                var downsample: FoldedConvolution?
                if let projection = block.downsample, let conv = projection.layers.first as? Conv2d {
                    downsample = try FoldedConvolution(conv, norm: projection.layers.last as? BatchNorm)
                }
                return Block(convolutions: convolutions, downsample: downsample, instanceNorm: instanceNorm)
            }
        }
    }

    /// The plan for images of `inputShape`, convolutions in `type`. In bf16 the stem and
    /// layer1 still run in fp32: rounding errors made at high resolution early grow through
    /// every later layer (keeping them lifts the lowest retrieval cosine of
    /// `BF16GalleryAccuracyTests` from 0.9983 to 0.9995 for a small share of the work; fp32
    /// in layer4 or in the residual stream instead changes the fourth decimal).
    func plan(inputShape: [Int], type: DNNLDataType) throws -> InferencePlan {
        var builder = try InferencePlanBuilder(inputShape: inputShape)
        let stemOutput = try builder.convolution(builder.input, stem, type: .f32, relu: true)
        var x = try builder.maxPool(stemOutput, kernel: pool.kernelSize, stride: pool.stride, padding: pool.padding)
        builder.release(stemOutput)
        for (index, stage) in stages.enumerated() {
            for block in stage { x = try lower(block, x, type: index == 0 ? .f32 : type, &builder) }
            builder.emitStage(x)
        }
        return builder.plan()
    }

    /// One residual block: conv → norm → ReLU for all but the last convolution, then the last
    /// one summed onto the shortcut (projected or not) in place and ReLU'd.
    private func lower(
        _ block: Block, _ input: DNNLMemory, type: DNNLDataType, _ builder: inout InferencePlanBuilder
    ) throws -> DNNLMemory {
        var y = input
        for (index, conv) in block.convolutions.dropLast().enumerated() {
            let next: DNNLMemory
            if index == 0, let instanceNorm = block.instanceNorm {
                let raw = try builder.convolution(y, conv, type: type, relu: false)
                let half = instanceNorm.features
                next = try builder.host(raw) { x in
                    let first = try instanceNorm(x.slice(axis: 1, 0..<half))
                    return try Tensor.concatenated([first, x.slice(axis: 1, half..<x.shape[1])], axis: 1).relu()
                }
                builder.release(raw)
            } else {
                next = try builder.convolution(y, conv, type: type, relu: true)
            }
            if y !== input { builder.release(y) }
            y = next
        }
        let shortcut = try block.downsample.map { try builder.convolution(input, $0, type: type, relu: false) }
        guard let last = block.convolutions.last else { return input }
        let output = try builder.convolution(
            y, last, type: type, relu: true, residual: shortcut ?? input, residualDies: true)
        builder.release(y)
        if shortcut != nil { builder.release(input) }
        return output
    }
}
