import Testing
@testable import ScriptLanguage
@Test func placeholder() { #expect(Interpreter().run(source: "1 + 1", file: "<t>").value?.repr == "2") }
