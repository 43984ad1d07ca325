/// Where a network of a run got its starting weights, and how many tensors were copied: the
/// run's start report prints one per network, and so can a plan made before training.
public struct WeightsSource: Sendable, Equatable, CustomStringConvertible {
    /// `student` or `teacher`.
    public var role: String
    /// The registry name (`ResNet18`).
    public var network: String
    /// The weights file, or `nil` for the network's own random initialisation.
    public var file: String?
    /// Why this source: the config key that names the file, the cache it was found in, or why
    /// the network starts from random weights.
    public var reason: String
    /// Tensors copied from `file`; `nil` before loading (a plan) and for random weights.
    public var copiedTensors: Int?

    /// A source for `role`'s `network`.
    public init(
        role: String, network: String, file: String?, reason: String, copiedTensors: Int? = nil
    ) {
        self.role = role
        self.network = network
        self.file = file
        self.reason = reason
        self.copiedTensors = copiedTensors
    }

    /// `student ResNet18: 120 tensors from /…/resnet18-5c106cde.pth (ImageNet weights found in
    /// the PyTorch hub cache)`, or `student ResNet18: random initialisation (…)`.
    public var description: String {
        guard let file else { return "\(role) \(network): random initialisation (\(reason))" }
        let count = copiedTensors.map { "\($0) tensors from " } ?? "weights from "
        return "\(role) \(network): \(count)\(file) (\(reason))"
    }
}
