import Foundation
import ScriptLanguage
import Testing

@testable import InteractiveShell

@Test func plainValuesRoundTripThroughJSON() throws {
    var d = ScriptDictionary()
    _ = d.setValue(.number(1), for: .string("a"))
    _ = d.setValue(.list([.bool(true), .nil]), for: .number(2))
    let values: [Value] = [
        .nil, .bool(false), .number(-2.5), .number(.infinity), .string("é\n\""), .list([.number(1)]), .dictionary(d),
    ]
    for value in values {
        let json = try #require(ValueCoding.encode(value))
        let data = try JSONSerialization.data(withJSONObject: json)
        let back = try ValueCoding.decode(try JSONSerialization.jsonObject(with: data))
        #expect(back.isEqual(to: value), "\(value.repr)")
    }
    #expect(ValueCoding.encode(.number(.nan)).map { try? ValueCoding.decode($0) }??.repr == "nan")
    #expect(throws: ValueDecodingError.self) { try ValueCoding.decode(["q", 1]) }
}

@Test func saveThenLoadRestoresVariablesOutputsAndNotebook() throws {
    let h = ShellHarness()
    _ = h.run("xs = [1, 2, {\"k\": true}]")
    _ = h.run("xs[0] + 41")
    _ = h.run("def g(): return 1")
    #expect(h.run(":save first").contains("saved session 'first'"))
    let folder = h.folder.appendingPathComponent("first")
    let markdown = try String(contentsOf: folder.appendingPathComponent("notebook.md"), encoding: .utf8)
    #expect(markdown.contains("## In [2]") && markdown.contains("Out[2]: 42"))
    #expect(markdown.contains("`g` (function)"))

    let other = Shell(sessionsFolder: h.folder)
    var lines: [String] = []
    other.write = { lines.append($0) }
    other.handle(":load first")
    #expect(lines.joined().contains("loaded session 'first'"))
    #expect(lines.joined().contains("'g' (function) was not saved"))
    lines = []
    other.handle("xs[2].k and _2 == 42")
    #expect(lines == ["Out[4]: true"])
}

@Test func tamperedOrNewerSessionsAreRefusedWithTheFileNamed() throws {
    let h = ShellHarness()
    _ = h.run("a = 1")
    _ = h.run(":save s")
    let json = h.folder.appendingPathComponent("s/session.json")
    var text = try String(contentsOf: json, encoding: .utf8)
    text = text.replacingOccurrences(of: "\"a\"", with: "\"b\"")
    try text.write(to: json, atomically: true, encoding: .utf8)
    let tampered = h.run(":load s")
    #expect(tampered.contains("s/session.json is damaged") && tampered.contains("checksum"))
    #expect(h.run("a") == "Out[2]: 1")

    text = text.replacingOccurrences(of: "\"format\" : 1", with: "\"format\" : 99")
    try text.write(to: json, atomically: true, encoding: .utf8)
    #expect(h.run(":load s").contains("format version 99, this AIRS reads version 1"))
    try "{".write(to: json, atomically: true, encoding: .utf8)
    #expect(h.run(":load s").contains("not valid JSON"))
    #expect(h.run(":load ../etc").contains("is not a session name"))
    #expect(h.run(":load missing").contains("no session 'missing'"))
}

@Test func savingTwiceReplacesTheFolderAndLeavesNoTemporaries() throws {
    let h = ShellHarness()
    _ = h.run("a = 1")
    _ = h.run(":save s")
    _ = h.run("a = 2")
    _ = h.run(":save s")
    let names = try FileManager.default.contentsOfDirectory(atPath: h.folder.path)
    #expect(names == ["s"])
    let session = try SessionStore(folder: h.folder).load("s")
    #expect(session.variables.first?.1.isEqual(to: .number(2)) == true)
}

@Test func tensorsAndConfigsAreSavedAsFilesAndRestored() throws {
    let h = ShellHarness()
    let folder = h.folder.appendingPathComponent("cfg")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let yaml = folder.appendingPathComponent("c.yaml")
    try "SOLVER:\n  BASE_LR: 0.5\n".write(to: yaml, atomically: true, encoding: .utf8)
    _ = h.run("t = tensor([[1, 2], [3, 4.5]])")
    _ = h.run("c = config(\"\(yaml.path)\")")
    #expect(h.run(":save st").contains("saved session 'st'"))
    let other = Shell(sessionsFolder: h.folder)
    var lines: [String] = []
    other.write = { lines.append($0) }
    other.handle(":load st")
    lines = []
    other.handle("t.shape")
    other.handle("t[1, 1]")
    other.handle("c.SOLVER.BASE_LR")
    #expect(lines == ["Out[3]: [2, 2]", "Out[4]: 4.5", "Out[5]: 0.5"])
}

@Test func listsAndDictsOfObjectsSaveTheirObjectsAndComeBack() throws {
    let h = ShellHarness()
    _ = h.run("ts = [randn([2, 2], seed: 1), {\"w\": zeros([3]), \"n\": 4}]")
    _ = h.run("by_name = {\"a\": randn([1, 2], seed: 2), \"cfg\": config(nil, [\"SOLVER.BASE_LR\", \"0.5\"])}")
    _ = h.run("mixed = [1, fn(x) => x]")
    #expect(h.run(":save nested").contains("saved session 'nested'"))
    let objects = h.folder.appendingPathComponent("nested/objects")
    let files = try FileManager.default.contentsOfDirectory(atPath: objects.path).sorted()
    #expect(files == ["by_name-0.safetensors", "by_name-1.yaml", "ts-0.safetensors", "ts-1.safetensors"])

    let other = ShellHarness(folder: h.folder)
    let loaded = other.run(":load nested")
    #expect(loaded.contains("'mixed' (list) was not saved: it holds a function"))
    #expect(other.run("ts[0] == randn([2, 2], seed: 1)").contains("tensor([[1., 1.],"))
    #expect(
        other.run("[ts[1].w.shape, ts[1].n, by_name.a.shape, by_name.cfg.SOLVER.BASE_LR]")
            .hasSuffix(": [[3], 4, [1, 2], 0.5]"))
}

@Test func aDamagedObjectInsideADictIsANoteAndTheRestLoads() throws {
    let h = ShellHarness()
    _ = h.run("d = {\"t\": randn([2], seed: 1)}\nkeep = 3")
    _ = h.run(":save broken")
    let session = h.folder.appendingPathComponent("broken")
    try Data("not safetensors".utf8).write(to: session.appendingPathComponent("objects/d-0.safetensors"))
    try SessionManifest.write(for: session)
    let other = ShellHarness(folder: h.folder)
    let loaded = other.run(":load broken")
    #expect(loaded.contains("'d' was not restored: its tensor d-0.safetensors did not load"))
    #expect(other.run("keep").hasSuffix(": 3"))
}

@Test func aDatasetAndADictHoldingItSaveAndComeBack() throws {
    let h = ShellHarness()
    let root = h.folder.appendingPathComponent("data").path
    _ = h.run("synthetic(\"\(root)/CUB_200_2011\", classes: 4, per_class: 2, size: 16, seed: 3)")
    _ = h.run("ds = dataset(\"CUB200\", \"\(root)\", size: 24)\nboth = {\"a\": ds, \"n\": 1}")
    #expect(h.run(":save with-data").contains("saved session 'with-data'"))
    let other = ShellHarness(folder: h.folder)
    #expect(!other.run(":load with-data").contains("not"))
    let shown = other.run("[ds.train_size, ds.gallery_size, both.a.classes, ds[0][0].shape]")
    #expect(shown.hasSuffix(": [4, 4, 2, [3, 24, 24]]"), "\(shown)")
    withExtendedLifetime(h) {}  // its folder holds the images
}

@Test func anObjectAVariableAndListsShareIsStoredOnceAndSharedAgain() throws {
    let h = ShellHarness()
    _ = h.run("t = randn([2, 2], seed: 1)\npair = [t, t]\nnamed = {\"x\": randn([3], seed: 2)}\ny = named.x")
    let saved = h.run(":save shared")
    #expect(saved.contains("'y' is the object in 'named', stored once"), "\(saved)")
    let objects = h.folder.appendingPathComponent("shared/objects")
    let files = try FileManager.default.contentsOfDirectory(atPath: objects.path)
    #expect(files.count == 2, "one file for t and pair, one for named and y: \(files)")

    let other = ShellHarness(folder: h.folder)
    #expect(!other.run(":load shared").contains("not"))
    func object(_ name: String) -> AnyObject? {
        guard case .host(let object)? = other.shell.interpreter.run(source: name, file: "<test>").value else {
            return nil
        }
        return object
    }
    let t = try #require(object("t"))
    #expect(object("pair[0]") === t && object("pair[1]") === t)
    let y = try #require(object("y"))
    #expect(object("named.x") === y)
}
