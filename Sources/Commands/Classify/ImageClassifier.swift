import Checkpoints
import Datasets
import Foundation
import Models
import NeuralNetwork
import TensorEngine

/// A registry network loaded strictly from a weights file, in evaluation mode, with torchvision's
/// ImageNet eval transform in front: what `airs classify` runs.
public struct ImageClassifier {
    /// One ranked class.
    public struct Prediction: Sendable, Equatable {
        /// The class index (the logit's position).
        public var index: Int
        /// The raw logit.
        public var logit: Float
        /// The softmax probability over all classes, computed in float64.
        public var probability: Double
        /// The ImageNet class name when the network has 1000 classes, otherwise `nil`.
        public var name: String?
    }

    /// The network, in evaluation mode.
    public let network: any ImageNetwork
    /// The preprocessing applied to every image.
    public let transform: ClassificationTransform

    /// Builds `model` (a registry name, matched ignoring case and underscores, so `mobilenet_v2`
    /// is `MobileNetV2`) with as many classes as the weights' last 2-D tensor has rows, and loads
    /// `weights` strictly. Throws `ModelError.unknownModel` listing the valid names, the
    /// checkpoint reader's error for a missing or unreadable file, and `CheckpointError` naming
    /// every mismatching tensor.
    public init(model: String, weights: URL, transform: ClassificationTransform = .imageNet) throws {
        let name = try Self.validatedName(model)
        let checkpoint = try CheckpointFile.read(from: weights)
        let classes = checkpoint.tensors.entries.last { $0.tensor.shape.count == 2 }?.tensor.shape[0] ?? 1000
        var generator = RandomGenerator(seed: 0)
        let network = try ModelRegistry.make(name, numClasses: classes, initialize: false, generator: &generator)
        _ = try network.load(checkpoint.tensors, mode: .strict, file: weights.path)
        network.setTraining(false)
        self.network = network
        self.transform = transform
    }

    /// The registry name `model` refers to: an exact name, or one equal ignoring case and `_`;
    /// an unmatched name is returned unchanged.
    public static func registryName(for model: String) -> String {
        func key(_ text: String) -> String { text.lowercased().replacingOccurrences(of: "_", with: "") }
        if ModelRegistry.names.contains(model) { return model }
        return ModelRegistry.names.first { key($0) == key(model) } ?? model
    }

    /// The registry name `model` refers to; throws `ModelError.unknownModel` listing the valid
    /// names when there is none.
    public static func validatedName(_ model: String) throws -> String {
        let name = registryName(for: model)
        guard ModelRegistry.names.contains(name) else {
            throw ModelError.unknownModel(name: model, valid: ModelRegistry.names)
        }
        return name
    }

    /// The logits for `image` (`[numClasses]`).
    public func logits(for image: Image) throws -> [Float] {
        let input = try transform.apply(image).unsqueezed(0)
        return try Tensor.withoutGradient { try network(input) }.logits.scalars
    }

    /// The `top` best classes for the image file at `url`, best first. Throws `DatasetError`
    /// naming the file when it is missing or not a JPEG/PNG image.
    public func classify(_ url: URL, top: Int = 5) throws -> [Prediction] {
        Self.ranked(try logits(for: try ImageCodec.decode(contentsOf: url)), top: top)
    }

    /// The `top` largest of `logits` with their softmax probabilities, best first (ties by index).
    public static func ranked(_ logits: [Float], top: Int) -> [Prediction] {
        guard let largest = logits.max() else { return [] }
        let total = logits.reduce(0.0) { $0 + exp(Double($1) - Double(largest)) }
        let names = logits.count == ImageNetClassNames.all.count ? ImageNetClassNames.all : nil
        return logits.indices.sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
            .prefix(max(0, top))
            .map {
                Prediction(
                    index: $0, logit: logits[$0], probability: exp(Double(logits[$0]) - Double(largest)) / total,
                    name: names?[$0])
            }
    }
}
