import Testing

@testable import Configuration

/// `ast.literal_eval` results checked against CPython 3 (nil: Python raises, yacs keeps the string).
private let literalCases: [(String, PythonObject?)] = [
    ("0", .value(.int(0))), ("10", .value(.int(10))), ("-3", .value(.int(-3))), ("+3", .value(.int(3))),
    ("--3", nil), ("010", nil), ("00", .value(.int(0))), ("1_000", .value(.int(1000))), ("1__0", nil), ("0_1", nil),
    ("0x1F", .value(.int(31))), ("0o17", .value(.int(15))), ("0b11", .value(.int(3))), ("0xg", nil),
    ("1.5", .value(.double(1.5))), (".5", .value(.double(0.5))), ("1.", .value(.double(1.0))),
    ("1e-4", .value(.double(0.0001))), ("1E4", .value(.double(10000))), ("-1e-4", .value(.double(-0.0001))),
    ("1_0.5", .value(.double(10.5))), ("1e", nil), ("1e+", nil), (".", nil), ("1.2.3", nil), ("inf", nil),
    ("True", .value(.bool(true))), ("False", .value(.bool(false))), ("None", .value(.null)),
    ("true", nil), ("-True", nil), ("CUB200", nil), ("./log", nil), ("[a]", nil), ("1-2", nil), ("f'x'", nil),
    ("'0'", .value(.string("0"))), ("\"a\\nb\"", .value(.string("a\nb"))), ("'a' 'b'", .value(.string("ab"))),
    ("r'\\d'", .value(.string("\\d"))),
    ("[1, 2]", .value(.list([.int(1), .int(2)]))), ("[1, 2,]", .value(.list([.int(1), .int(2)]))),
    ("(1, 2)", .value(.list([.int(1), .int(2)]))), ("(1,)", .value(.list([.int(1)]))), ("()", .value(.list([]))),
    ("[]", .value(.list([]))), ("(1)", .value(.int(1))), ("1, 2", .value(.list([.int(1), .int(2)]))),
    ("('CUB200',)", .value(.list([.string("CUB200")]))),
    ("[1, [2, 3]]", .value(.list([.int(1), .list([.int(2), .int(3)])]))),
    ("1 # c", .value(.int(1))), ("  7", .value(.int(7))), ("7  ", .value(.int(7))),
    ("{1: 2}", .other(typeName: "dict", text: "{1: 2}")), ("{}", .other(typeName: "dict", text: "{}")),
    ("{1}", .other(typeName: "set", text: "{1}")), ("2j", .other(typeName: "complex", text: "2j")),
    ("b'x'", .other(typeName: "bytes", text: "b'x'")), ("09j", .other(typeName: "complex", text: "09j")),
    ("-2j", .other(typeName: "complex", text: "2j")), ("1+2j", .other(typeName: "complex", text: "(1+2j)")),
    ("0x1j", nil), (".3jj", nil),
]

@Test(arguments: literalCases)
func literalEvalMatchesPython(text: String, expected: PythonObject?) {
    #expect(PythonLiteral.evaluate(text) == expected)
}

@Test func pythonReprOfValues() {
    #expect(ConfigValue.double(1e-7).pythonLiteral == "1e-07")
    #expect(ConfigValue.double(1e16).pythonLiteral == "1e+16")
    #expect(ConfigValue.double(9_999_999_999_999_998).pythonLiteral == "9999999999999998.0")
    #expect(ConfigValue.double(-9.5e15).pythonLiteral == "-9500000000000000.0")
    #expect(ConfigValue.double(0.0001).pythonLiteral == "0.0001")
    #expect(ConfigValue.double(30000).pythonLiteral == "30000.0")
    #expect(ConfigValue.string("it's").pythonLiteral == "\"it's\"")
    #expect(ConfigValue.list([.int(60), .int(10), .double(0.3)]).pythonLiteral == "[60, 10, 0.3]")
    #expect(ConfigValue.null.pythonLiteral == "None")
}
