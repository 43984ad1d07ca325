import NeuralNetwork
import TensorEngine

/// IBN-a normalisation (IBN-Net, Pan et al., ECCV 2018): instance norm (affine) on the first
/// `⌊planes/2⌋` channels, batch norm on the rest, concatenated in that order. Children `IN`
/// and `BN`, as upstream's `resnet_ibn.py`.
final class IBN: ShapeTracing {
    public var isTraining = true
    let instanceNorm: InstanceNorm2d
    let batchNorm: BatchNorm
    let half: Int

    public init(planes: Int) {
        half = planes / 2
        instanceNorm = InstanceNorm2d(features: half)
        batchNorm = BatchNorm(features: planes - half)
    }

    var children: [(name: String, module: any Module)] { [("IN", instanceNorm), ("BN", batchNorm)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let first = try instanceNorm(input.slice(axis: 1, 0..<half))
        let rest = try batchNorm(input.slice(axis: 1, half..<input.shape[1]))
        return try Tensor.concatenated([first, rest], axis: 1)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 4, input[1] == half + batchNorm.features else {
            throw tally.badInput(input, expected: "[batch, \(half + batchNorm.features), height, width]")
        }
        var part = input
        part[1] = half
        _ = try tally.trace(instanceNorm, named: "IN", part)
        part[1] = batchNorm.features
        _ = try tally.trace(batchNorm, named: "BN", part)
        return input
    }
}
