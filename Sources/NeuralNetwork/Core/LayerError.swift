/// Everything a layer or a network can reject about the tensors it is given. Each case names
/// the layer by its state-dict path so that the message says where the problem is.
public enum LayerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input's shape does not fit the layer (wrong channel count, spatial size too small).
    case badInput(layer: String, shape: [Int], expected: String)
    /// A layer that cannot report its output shape was asked to (a bug in the network).
    case untraceable(layer: String, type: String)
    /// Training-mode batch statistics need more than one value per channel.
    case singleValueBatch(layer: String, shape: [Int])

    /// The message shown to the user: the layer's path, the shape given and the shape expected.
    public var description: String {
        switch self {
        case .badInput(let layer, let shape, let expected):
            return "\(layer): input of shape \(shape) does not fit: expected \(expected); "
                + "check the image size and channel count the network was built for"
        case .untraceable(let layer, let type):
            return "\(layer): layer type \(type) cannot report its output shape (implement ShapeTracing)"
        case .singleValueBatch(let layer, let shape):
            return "\(layer): batch normalisation in training mode needs more than one value per channel, "
                + "got input \(shape); use a batch of at least 2 or switch to evaluation mode"
        }
    }
}
