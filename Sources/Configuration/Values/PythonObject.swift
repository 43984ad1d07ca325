/// A value as Python holds it after PyYAML or `ast.literal_eval`: either something a config
/// key can hold, or another Python type (dict, set, complex, bytes, date) that yacs would
/// reject with a type mismatch.
enum PythonObject: Sendable, Equatable {
    case value(ConfigValue)
    case other(typeName: String, text: String)

    var typeName: String {
        switch self {
        case .value(let value): value.pythonTypeName
        case .other(let typeName, _): typeName
        }
    }

    var text: String {
        switch self {
        case .value(let value): value.pythonLiteral
        case .other(_, let text): text
        }
    }
}
