import NeuralNetwork
import TensorEngine

/// The networks by their upstream config names (`DISTILLER.STUDENT_NAME` / `TEACHER_NAME`),
/// plus `MobileNetV2` (the ImageNet classifier whose real weights exist on this machine).
public enum ModelRegistry {
    /// Builds a network from `numClasses`, `lastStride` and a seeded generator.
    public typealias Constructor =
        @Sendable (
            _ numClasses: Int, _ lastStride: Int, _ initialize: Bool,
            _ generator: inout RandomGenerator
        ) -> any ImageNetwork

    /// The literal table, in spec order.
    public static let all: [(name: String, make: Constructor)] = [
        ("ResNet18", { ResNet(depth: .resnet18, numClasses: $0, lastStride: $1, initialize: $2, generator: &$3) }),
        ("ResNet34", { ResNet(depth: .resnet34, numClasses: $0, lastStride: $1, initialize: $2, generator: &$3) }),
        ("ResNet50", { ResNet(depth: .resnet50, numClasses: $0, lastStride: $1, initialize: $2, generator: &$3) }),
        ("ResNet101", { ResNet(depth: .resnet101, numClasses: $0, lastStride: $1, initialize: $2, generator: &$3) }),
        ("ResNet152", { ResNet(depth: .resnet152, numClasses: $0, lastStride: $1, initialize: $2, generator: &$3) }),
        (
            "ResNet18_ibn_a",
            { ResNet(depth: .resnet18, numClasses: $0, lastStride: $1, ibn: true, initialize: $2, generator: &$3) }
        ),
        (
            "ResNet34_ibn_a",
            { ResNet(depth: .resnet34, numClasses: $0, lastStride: $1, ibn: true, initialize: $2, generator: &$3) }
        ),
        (
            "ResNet50_ibn_a",
            { ResNet(depth: .resnet50, numClasses: $0, lastStride: $1, ibn: true, initialize: $2, generator: &$3) }
        ),
        (
            "ResNet101_ibn_a",
            { ResNet(depth: .resnet101, numClasses: $0, lastStride: $1, ibn: true, initialize: $2, generator: &$3) }
        ),
        ("Swin_Transformer_V2_Tiny", { SwinV2Network(variant: .tiny, numClasses: $0, initialize: $2, generator: &$3) }),
        (
            "Swin_Transformer_V2_Small",
            { SwinV2Network(variant: .small, numClasses: $0, initialize: $2, generator: &$3) }
        ),
        ("Swin_Transformer_V2_Base", { SwinV2Network(variant: .base, numClasses: $0, initialize: $2, generator: &$3) }),
        ("MobileNetV3_Small", { MobileNetV3Small(numClasses: $0, lastStride: $1, initialize: $2, generator: &$3) }),
        (
            "MobileNetV2",
            { numClasses, _, initialize, generator in
                MobileNetV2(numClasses: numClasses, initialize: initialize, generator: &generator)
            }
        ),
    ]

    /// The valid names, in table order.
    public static var names: [String] { all.map(\.name) }

    /// The network called `name`; an unknown name throws `ModelError.unknownModel` listing
    /// the valid ones.
    /// `initialize: false` skips the random initial weights (all zero) when weights are
    /// loaded right after construction.
    public static func make(
        _ name: String, numClasses: Int, lastStride: Int = 1, initialize: Bool = true,
        generator: inout RandomGenerator
    ) throws -> any ImageNetwork {
        guard let entry = all.first(where: { $0.name == name }) else {
            throw ModelError.unknownModel(name: name, valid: names)
        }
        guard numClasses > 0 else {
            throw ModelError.invalidArgument(model: name, message: "numClasses must be positive, got \(numClasses)")
        }
        guard lastStride == 1 || lastStride == 2 else {
            throw ModelError.invalidArgument(model: name, message: "lastStride must be 1 or 2, got \(lastStride)")
        }
        return entry.make(numClasses, lastStride, initialize, &generator)
    }
}
