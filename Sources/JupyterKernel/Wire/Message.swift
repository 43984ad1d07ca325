import Foundation

/// A JSON object as Foundation's JSONSerialization reads and writes it.
typealias JSONObject = [String: Any]

/// One Jupyter message: the routing identities of its sender, header, parent header, metadata
/// and content (binary buffers are neither sent nor read by AIRS).
struct Message {
    /// The ROUTER identities to address a reply to.
    var identities: [Data] = []
    /// `msg_id`, `session`, `username`, `date`, `msg_type`, `version`.
    var header: JSONObject
    /// The header of the request this message answers, or empty.
    var parentHeader: JSONObject = [:]
    /// Free-form metadata.
    var metadata: JSONObject = [:]
    /// The type-specific body.
    var content: JSONObject

    /// `header.msg_type`.
    var type: String { header["msg_type"] as? String ?? "" }

    /// The frame that separates identities from the signed parts.
    static let delimiter = Data("<IDS|MSG>".utf8)
    static let protocolVersion = "5.3"

    /// A new message of `type` in `session` answering `parent` (whose identities it keeps).
    init(type: String, session: String, content: JSONObject, parent: Message?) {
        header = [
            "msg_id": UUID().uuidString.lowercased(), "session": session, "username": "airs",
            "date": Self.timestamp(), "msg_type": type, "version": Self.protocolVersion,
        ]
        parentHeader = parent?.header ?? [:]
        identities = parent?.identities ?? []
        self.content = content
    }

    /// The frames to send, signed with `signer`.
    func frames(signer: MessageSigner) -> [Data] {
        let parts = [header, parentHeader, metadata, content].map(Self.encode)
        return identities + [Self.delimiter, Data(signer.signature(of: parts).utf8)] + parts
    }

    /// Parses received frames, checking the signature; the reason when they are refused.
    static func decode(_ frames: [Data], signer: MessageSigner) -> Result<Message, WireRejection> {
        guard let split = frames.firstIndex(of: delimiter), frames.count >= split + 6 else {
            return .failure(
                .malformed("no <IDS|MSG> delimiter followed by a signature and four parts"))
        }
        let parts = Array(frames[(split + 2)..<(split + 6)])
        let signature = String(decoding: frames[split + 1], as: UTF8.self)
        guard signer.isValid(signature, for: parts) else { return .failure(.badSignature) }
        let objects = parts.map { try? JSONSerialization.jsonObject(with: $0) as? JSONObject }
        guard let header = objects[0], let parent = objects[1], let metadata = objects[2],
            let content = objects[3]
        else {
            return .failure(
                .malformed("a header, parent header, metadata or content is not a JSON object"))
        }
        var message = Message(header: header, content: content)
        message.identities = Array(frames[..<split])
        message.parentHeader = parent
        message.metadata = metadata
        return .success(message)
    }

    private init(header: JSONObject, content: JSONObject) {
        self.header = header
        self.content = content
    }

    static func encode(_ object: JSONObject) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
            ?? Data("{}".utf8)
    }

    /// ISO 8601 with microseconds in UTC, as Jupyter writes dates.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}

/// Why an incoming message was not handled.
enum WireRejection: Error, Equatable, CustomStringConvertible {
    /// Its HMAC does not match the connection key: it is logged and dropped, never run.
    case badSignature
    /// It is not a Jupyter message.
    case malformed(String)

    var description: String {
        switch self {
        case .badSignature:
            return "refused a message with a wrong signature (not signed with the connection key)"
        case .malformed(let reason): return "refused a malformed message: \(reason)"
        }
    }
}
