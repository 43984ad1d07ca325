/// Minimal JSON text output for headers whose key order matters to readers of the file.
enum JSONText {
    /// `value` as a quoted JSON string.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `[a,b,c]`.
    static func array(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
}
