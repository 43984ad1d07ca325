/// The Python-literal header of a `.npy` file: `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NumPyHeader: Equatable {
    var descriptor: String
    var fortranOrder: Bool
    var shape: [Int]

    /// The header text, padded with spaces and a newline so the data starts 64-byte aligned
    /// after the 10-byte preamble (as NumPy writes it).
    func text() -> String {
        let dims = shape.map(String.init).joined(separator: ", ")
        let tuple = shape.count == 1 ? "(\(dims),)" : "(\(dims))"
        var text =
            "{'descr': '\(descriptor)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(tuple), }"
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        return text + "\n"
    }

    /// Parses `text`; failures name `file`.
    init(parsing text: String, file: String) throws {
        func value(after key: String) throws -> Substring {
            guard let range = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\"") else {
                throw CheckpointError.malformed(file: file, detail: "the .npy header has no '\(key)' entry: \(text)")
            }
            var rest = text[range.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else {
                throw CheckpointError.malformed(file: file, detail: "the .npy header is not a dict: \(text)")
            }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        let descr = try value(after: "descr")
        guard let quote = descr.first, quote == "'" || quote == "\"",
            let end = descr.dropFirst().firstIndex(of: quote)
        else {
            throw CheckpointError.unsupportedDType(file: file, key: "(array)", dtype: String(descr.prefix(20)))
        }
        descriptor = String(descr[descr.index(after: descr.startIndex)..<end])
        fortranOrder = try value(after: "fortran_order").hasPrefix("True")
        let shapeText = try value(after: "shape")
        guard shapeText.first == "(", let close = shapeText.firstIndex(of: ")") else {
            throw CheckpointError.malformed(file: file, detail: "the .npy shape is not a tuple: \(text)")
        }
        shape = try shapeText[shapeText.index(after: shapeText.startIndex)..<close].split(separator: ",").compactMap {
            part in
            let digits = part.filter { !$0.isWhitespace && $0 != "L" }
            if digits.isEmpty { return nil }
            guard let dimension = Int(digits), dimension >= 0 else {
                throw CheckpointError.malformed(file: file, detail: "the .npy shape has a bad dimension '\(part)'")
            }
            return dimension
        }
    }

    init(descriptor: String, fortranOrder: Bool, shape: [Int]) {
        self.descriptor = descriptor
        self.fortranOrder = fortranOrder
        self.shape = shape
    }
}
