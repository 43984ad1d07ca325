import Foundation

/// What can stop the kernel from starting or from installing its kernelspec; each message names
/// the file or call and says what to do.
public enum KernelError: Error, CustomStringConvertible, Equatable {
    /// The connection file cannot be read.
    case unreadableConnectionFile(path: String, reason: String)
    /// The connection file is not the JSON Jupyter writes, or lacks a key.
    case badConnectionFile(path: String, reason: String)
    /// The connection file asks for a signature scheme other than `hmac-sha256`.
    case unsupportedSignatureScheme(path: String, scheme: String)
    /// A ZeroMQ call failed (binding a port that is taken, for instance).
    case zeroMQ(call: String, endpoint: String, reason: String)
    /// The kernelspec folder cannot be written or removed.
    case kernelSpec(path: String, reason: String)

    /// The message, with the file or call and the next step.
    public var description: String {
        switch self {
        case .unreadableConnectionFile(let path, let reason):
            return "cannot read the connection file \(path): \(reason); Jupyter passes it as "
                + "`airs kernel -f FILE` when it starts the kernel"
        case .badConnectionFile(let path, let reason):
            return "the connection file \(path) is not a Jupyter connection file: \(reason)"
        case .unsupportedSignatureScheme(let path, let scheme):
            return "the connection file \(path) asks for signature_scheme \"\(scheme)\"; "
                + "AIRS signs with \"hmac-sha256\" only"
        case .zeroMQ(let call, let endpoint, let reason):
            return "\(call) on \(endpoint) failed: \(reason); if the port is taken, let Jupyter "
                + "start the kernel again with fresh ports"
        case .kernelSpec(let path, let reason):
            return "cannot write the kernelspec at \(path): \(reason); choose a writable place "
                + "with --user or --prefix P"
        }
    }
}
