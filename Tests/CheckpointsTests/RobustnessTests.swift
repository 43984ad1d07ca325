import Foundation
import Testing

@testable import Checkpoints

/// Every reader must turn damaged input into a `CheckpointError`, never a crash or a hang.
private let damagedInputs: [String] = [
    "state_dict_zip.pth", "state_dict_legacy.pth", "nested_model_legacy.pth",
    "arrays.npz", "embeddings.npy", "fortran.npy",
]

private func decodeOutcome(_ bytes: [UInt8], _ file: String) -> String {
    do {
        _ = try CheckpointFile.decode(bytes, file: file)
        return "ok"
    } catch let error as CheckpointError {
        return error.description.hasPrefix(file) || error.description.contains(file)
            ? "error" : "error without file name: \(error)"
    } catch {
        return "foreign error \(error)"
    }
}

@Test(arguments: damagedInputs)
func everyTruncationIsAnErrorNamingTheFile(name: String) throws {
    let bytes = try FileBytes.read(TestFiles.fixtures.appendingPathComponent(name))
    for length in 0..<bytes.count {
        let outcome = decodeOutcome(Array(bytes.prefix(length)), name)
        if outcome != "error" {
            Issue.record("\(name) cut to \(length) bytes: \(outcome)")
            return
        }
    }
}

@Test func everySafetensorsTruncationIsAnError() throws {
    let bytes = SafeTensorsFormat.encode(try everyDTypeDictionary(), metadata: ["epoch": "3"])
    for length in 0..<bytes.count {
        let outcome = decodeOutcome(Array(bytes.prefix(length)), "x.safetensors")
        if outcome != "error" {
            Issue.record("cut to \(length) bytes: \(outcome)")
            return
        }
    }
}

@Test(arguments: damagedInputs + ["nested_state_dict_zip.pth"])
func randomByteDamageNeverCrashes(name: String) throws {
    let original = try FileBytes.read(TestFiles.fixtures.appendingPathComponent(name))
    var state: UInt64 = 0x9e37_79b9_7f4a_7c15
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<300 {
        var bytes = original
        for _ in 0...next(3) { bytes[next(bytes.count)] = UInt8(next(256)) }
        let outcome = decodeOutcome(bytes, name)
        #expect(outcome == "ok" || outcome == "error", "\(name): \(outcome)")
    }
}

@Test func selfReferencingPickleDictDoesNotHang() throws {
    // {'a': <itself>} built with EMPTY_DICT, BINPUT 0, 'a', BINGET 0, SETITEM, STOP.
    let pickle: [UInt8] = [0x80, 0x02, 0x7d, 0x71, 0x00, 0x58, 0x01, 0, 0, 0, 0x61, 0x68, 0x00, 0x73, 0x2e]
    var machine = PickleMachine(bytes: pickle, file: "loop.pkl")
    let root = try machine.run()
    let error = TestFiles.error { _ = try TorchStateLocator.locate(root, file: "loop.pkl") }
    #expect(error?.description.hasPrefix("loop.pkl: no dictionary of tensors found") == true)
}
