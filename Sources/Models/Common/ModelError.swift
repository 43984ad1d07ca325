/// Everything the Models module can reject: unknown network names and unusable settings.
public enum ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A registry name that is not one of the upstream config names.
    case unknownModel(name: String, valid: [String])
    /// A constructor argument outside what the network supports.
    case invalidArgument(model: String, message: String)

    public var description: String {
        switch self {
        case .unknownModel(let name, let valid):
            return "unknown model name '\(name)'; valid names are: \(valid.joined(separator: ", "))"
        case .invalidArgument(let model, let message):
            return "\(model): \(message)"
        }
    }
}
