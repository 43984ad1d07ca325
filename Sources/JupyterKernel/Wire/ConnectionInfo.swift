import Foundation

/// The connection file a Jupyter client writes before starting a kernel: where to bind the five
/// sockets and the key that signs every message.
public struct ConnectionInfo: Decodable, Equatable {
    /// `tcp` (or `ipc`).
    public var transport: String
    /// The address to bind, `127.0.0.1` usually.
    public var ip: String
    /// The shell channel's port: requests and replies.
    public var shellPort: Int
    /// The control channel's port: shutdown and interrupt, also while a cell runs.
    public var controlPort: Int
    /// The stdin channel's port: input requests (AIRS never asks).
    public var stdinPort: Int
    /// The IOPub channel's port: status, streams, results, pictures.
    public var iopubPort: Int
    /// The heartbeat's port: every ping is echoed.
    public var heartbeatPort: Int
    /// The HMAC key; empty disables signing.
    public var key: String
    /// `hmac-sha256`.
    public var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port"
        case controlPort = "control_port"
        case stdinPort = "stdin_port"
        case iopubPort = "iopub_port"
        case heartbeatPort = "hb_port"
        case signatureScheme = "signature_scheme"
    }

    /// Reads and checks the connection file at `path`.
    public init(contentsOf path: String) throws(KernelError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .unreadableConnectionFile(
                path: path, reason: exists ? error.localizedDescription : "no such file")
        }
        do {
            self = try JSONDecoder().decode(ConnectionInfo.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .badConnectionFile(
                path: path, reason: "the key \"\(key.stringValue)\" is missing")
        } catch {
            throw .badConnectionFile(
                path: path, reason: "it is not valid JSON with the expected keys")
        }
        guard signatureScheme == "hmac-sha256" else {
            throw .unsupportedSignatureScheme(path: path, scheme: signatureScheme)
        }
    }

    /// The ZeroMQ endpoint of `port`: `tcp://127.0.0.1:5555`, or `ipc://IP-5555` as Jupyter
    /// names ipc endpoints.
    func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}
