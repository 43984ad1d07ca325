import Testing

@testable import Configuration

/// Plain scalars as PyYAML 6 `safe_load` types them (checked against PyYAML).
private let plainCases: [(String, PythonObject)] = [
    ("1", .value(.int(1))), ("-1", .value(.int(-1))), ("+1", .value(.int(1))), ("0", .value(.int(0))),
    ("010", .value(.int(8))), ("0o10", .value(.string("0o10"))), ("0x1F", .value(.int(31))), ("0b101", .value(.int(5))),
    ("1_000", .value(.int(1000))), ("1:30", .value(.int(90))), ("-1:30", .value(.int(-90))),
    ("1.0", .value(.double(1))), ("1.", .value(.double(1))), (".5", .value(.double(0.5))),
    ("-.5", .value(.string("-.5"))), ("1e-4", .value(.string("1e-4"))), ("1.0e-4", .value(.double(0.0001))),
    ("1.0e4", .value(.string("1.0e4"))), ("1.0E+4", .value(.double(10000))), ("1_0.5", .value(.double(10.5))),
    ("0.1_2", .value(.double(0.12))), ("190:20:30.15", .value(.double(685230.15))),
    (".inf", .value(.double(.infinity))), ("-.inf", .value(.double(-.infinity))),
    ("True", .value(.bool(true))), ("true", .value(.bool(true))), ("yes", .value(.bool(true))),
    ("on", .value(.bool(true))), ("Off", .value(.bool(false))), ("NO", .value(.bool(false))),
    ("null", .value(.null)), ("~", .value(.null)), ("", .value(.null)), ("Null", .value(.null)),
    ("2024-01-01", .other(typeName: "datetime", text: "2024-01-01")), ("cuda", .value(.string("cuda"))),
    ("_3", .value(.string("_3"))),
]

@Test(arguments: plainCases)
func plainScalarsResolveAsPyYAML(text: String, expected: PythonObject) {
    #expect(YAMLScalarResolver.implicit(text) == expected)
}

@Test func notANumberResolvesToNaN() {
    guard case .value(.double(let value)) = YAMLScalarResolver.implicit(".nan") else {
        Issue.record(".nan is not a float")
        return
    }
    #expect(value.isNaN)
}

@Test func quotedAndTaggedScalars() throws {
    let node = try #require(try YAMLParser(file: "t.yaml").parse("a: '1'\nb: !!float 1\nc: !!str 2\nd: \"on\"\n"))
    guard case .mapping(let pairs) = node.content else {
        Issue.record("not a mapping")
        return
    }
    let resolver = YAMLScalarResolver(file: "t.yaml")
    let values = try pairs.map { pair throws(ConfigError) in try resolver.resolve(pair.value) }
    #expect(values == [.value(.string("1")), .value(.double(1)), .value(.string("2")), .value(.string("on"))])
}

@Test func unknownTagIsAnErrorWithItsLine() {
    #expect(
        throws: ConfigError.malformedYAML(
            file: "t.yaml", line: 2, column: 4,
            problem: "could not determine a constructor for the tag '!custom'")
    ) {
        let node = try YAMLParser(file: "t.yaml").parse("a: 1\nb: !custom x\n")
        guard case .mapping(let pairs)? = node?.content else { return }
        _ = try YAMLScalarResolver(file: "t.yaml").resolve(pairs[1].value)
    }
}
