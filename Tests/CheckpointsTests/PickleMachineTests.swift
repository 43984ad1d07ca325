import Testing

@testable import Checkpoints

private func unpickle(_ name: String) throws -> PickleDict {
    let bytes = try FileBytes.read(TestFiles.fixtures.appendingPathComponent(name))
    var machine = PickleMachine(bytes: bytes, file: name)
    guard case .dict(let dict) = try machine.run() else {
        throw CheckpointError.malformed(file: name, detail: "not a dict")
    }
    #expect(machine.position == bytes.count)
    return dict
}

private func ints(_ value: PickleValue?) -> [Int]? {
    guard case .list(let list)? = value else { return nil }
    return list.items.map { if case .int(let number) = $0 { return number } else { return Int.min + 1 } }
}

@Test(arguments: ["primitives_p0.pkl", "primitives_p2.pkl", "primitives_p4.pkl"])
func picklePrimitivesUnderEveryProtocol(name: String) throws {
    let dict = try unpickle(name)
    #expect(
        ints(dict.value(forKey: "ints")) == [0, 1, -1, 255, 256, 65535, 65536, -(1 << 31), 1 << 31, Int.max, Int.min])
    guard case .list(let floats)? = dict.value(forKey: "floats"), case .float(0.5) = floats.items[0],
        case .float(-1e300) = floats.items[1]
    else {
        Issue.record("floats: \(String(describing: dict.value(forKey: "floats")?.kind))")
        return
    }
    guard case .string("h\u{e9}llo\n\\")? = dict.value(forKey: "text") else {
        Issue.record("text: \(String(describing: dict.value(forKey: "text")))")
        return
    }
    guard case .bytes([0, 255, 10])? = dict.value(forKey: "bytes") else {
        Issue.record("bytes: \(String(describing: dict.value(forKey: "bytes")))")
        return
    }
    guard case .list(let tuples)? = dict.value(forKey: "tuples") else {
        Issue.record("tuples")
        return
    }
    let sizes = tuples.items.map { if case .tuple(let items) = $0 { return items.count } else { return -1 } }
    #expect(sizes == [0, 1, 2, 3, 4])
    guard case .list(let bools)? = dict.value(forKey: "bools"), case .bool(true) = bools.items[0],
        case .bool(false) = bools.items[1]
    else {
        Issue.record("bools")
        return
    }
    guard case .none? = dict.value(forKey: "none") else {
        Issue.record("none")
        return
    }
    #expect(ints(dict.value(forKey: "set")) == [7])
    #expect(ints(dict.value(forKey: "frozenset")) == [8])
    guard case .list(let nested)? = dict.value(forKey: "nested"), case .dict(let inner) = nested.items[1],
        case .int(2)? = inner.value(forKey: "a")
    else {
        Issue.record("nested")
        return
    }
}

@Test func protocol4TorchPickleLoads() throws {
    let expected = try FixtureExpectations.load()
    let checkpoint = try PyTorchFormat.read(
        from: TestFiles.fixtures.appendingPathComponent("state_dict_protocol4_zip.pth"))
    FixtureExpectations.check(checkpoint.tensors, against: expected.stateDict, "protocol 4")
}

@Test func forbiddenGlobalsAreRefusedBeforeAnythingRuns() throws {
    // STACK_GLOBAL('builtins', 'eval') and GLOBAL 'posix system' (how CPython pickles os.system).
    let stackGlobal: [UInt8] =
        [0x80, 0x04, 0x8c, 0x08] + Array("builtins".utf8) + [0x8c, 0x04] + Array("eval".utf8) + [0x93, 0x2e]
    var machine = PickleMachine(bytes: stackGlobal, file: "eval.pkl")
    #expect(TestFiles.error { _ = try machine.run() } == .forbiddenGlobal(file: "eval.pkl", global: "builtins.eval"))
    let posix = Array("\u{80}\u{02}cposix\nsystem\n.".unicodeScalars.map { UInt8($0.value) })
    var second = PickleMachine(bytes: posix, file: "posix.pkl")
    #expect(TestFiles.error { _ = try second.run() } == .forbiddenGlobal(file: "posix.pkl", global: "posix.system"))
}

@Test func malformedPicklesNameOpcodeAndOffset() {
    var underflow = PickleMachine(bytes: [0x80, 0x02, 0x85, 0x2e], file: "u.pkl")
    #expect(
        TestFiles.error { _ = try underflow.run() }
            == .malformed(file: "u.pkl", detail: "pickle opcode 0x85 at offset 2: stack underflow"))
    var unknown = PickleMachine(bytes: [0x80, 0x02, 0x82, 0x01, 0x2e], file: "ext.pkl")
    #expect(TestFiles.error { _ = try unknown.run() }?.description.contains("opcode 0x82 at offset 2") == true)
    var badMemo = PickleMachine(bytes: [0x80, 0x02, 0x68, 0x05, 0x2e], file: "m.pkl")
    #expect(TestFiles.error { _ = try badMemo.run() }?.description.contains("memo entry 5 was never stored") == true)
    var unterminated = PickleMachine(bytes: [0x80, 0x02, 0x4e], file: "t.pkl")
    #expect(TestFiles.error { _ = try unterminated.run() }?.description.hasPrefix("t.pkl: truncated") == true)
}

@Test func unknownTorchStorageIsAnUnsupportedDType() {
    let pickle = Array("\u{80}\u{02}ctorch\nComplexFloatStorage\n.".unicodeScalars.map { UInt8($0.value) })
    var machine = PickleMachine(bytes: pickle, file: "c.pth")
    #expect(
        TestFiles.error { _ = try machine.run() }
            == .unsupportedDType(file: "c.pth", key: "(storage)", dtype: "ComplexFloatStorage"))
}
