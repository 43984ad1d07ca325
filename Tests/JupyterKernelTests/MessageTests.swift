import Foundation
import Testing

@testable import JupyterKernel

private let parts = [#"{"msg_id":"1"}"#, "{}", "{}", #"{"code":"1 + 1"}"#].map { Data($0.utf8) }

@Test func theSignatureIsPythonsHMACSHA256OfTheFourParts() {
    // hmac.new(b"airs-test-key", b"".join(parts), hashlib.sha256).hexdigest()
    let reference = "89e85743239ad24b2acd0e604f91dfae416a80a011221fcf11457254eee2f31c"
    let signer = MessageSigner(key: "airs-test-key")
    #expect(signer.signature(of: parts) == reference)
    #expect(signer.isValid(reference, for: parts))
    #expect(MessageSigner(key: "").signature(of: parts) == "")
}

@Test func aSignedMessageRoundTripsAndATamperedOneIsRefused() throws {
    let signer = MessageSigner(key: "secret")
    var message = Message(
        type: "execute_request", session: "s", content: ["code": "x = 1"], parent: nil)
    message.identities = [Data("client".utf8)]
    let frames = message.frames(signer: signer)
    let decoded = try Message.decode(frames, signer: signer).get()
    #expect(decoded.type == "execute_request")
    #expect(decoded.identities == [Data("client".utf8)])
    #expect(decoded.content["code"] as? String == "x = 1")

    var tampered = frames
    tampered[tampered.count - 1] = Data(#"{"code":"x = 2"}"#.utf8)
    #expect(throws: WireRejection.badSignature) {
        try Message.decode(tampered, signer: signer).get()
    }
    #expect(throws: WireRejection.badSignature) {
        try Message.decode(frames, signer: MessageSigner(key: "other")).get()
    }
    #expect(WireRejection.badSignature.description.contains("wrong signature"))
    #expect(throws: WireRejection.self) {
        try Message.decode([Data("hello".utf8)], signer: signer).get()
    }
}
