import Distillers
import Foundation
import TensorEngine

/// One `golden/losses/*.json` file (schema in `golden/README.md`).
struct GoldenCase: Decodable {
    struct StoredTensor: Decodable {
        let dtype: String
        let shape: [Int]
        let data: [Double]

        func tensor() throws -> Tensor { try Tensor(shape: shape, doubles: data) }
        var integers: [Int] { data.map { Int($0) } }
    }

    /// A JSON hyperparameter value.
    enum Value: Decodable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case list([Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else if let value = try? container.decode(Double.self) {
                self = .double(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else {
                self = .list(try container.decode([Value].self))
            }
        }

        var setting: SettingValue? {
            switch self {
            case .null: nil
            case .bool(let v): .bool(v)
            case .int(let v): .int(v)
            case .double(let v): .double(v)
            case .string(let v): .string(v)
            case .list(let values): .list(values.compactMap(\.setting))
            }
        }

        var number: Double? {
            switch self {
            case .int(let v): Double(v)
            case .double(let v): v
            default: nil
            }
        }
    }

    let loss: String
    let case_id: String
    let hparams: [String: Value]
    let inputs: [String: StoredTensor]
    let params: [String: StoredTensor]
    let value: Double
    let terms: [String: Double]
    let grads: [String: StoredTensor]
    let aux: [String: StoredTensor]

    static func load(_ url: URL) throws -> GoldenCase {
        try JSONDecoder().decode(GoldenCase.self, from: Data(contentsOf: url))
    }

    /// The hyperparameters as a settings source (derived keys such as `eps` belong to no section).
    var settings: [String: SettingValue] { hparams.compactMapValues(\.setting) }

    func input(_ name: String) throws -> Tensor {
        guard let stored = inputs[name] else { throw GoldenError.missing("\(case_id): inputs.\(name)") }
        return try stored.tensor()
    }

    func parameter(_ name: String) throws -> Tensor {
        guard let stored = params[name] else { throw GoldenError.missing("\(case_id): params.\(name)") }
        return try stored.tensor()
    }

    func labels(_ name: String) throws -> [Int] {
        guard let stored = inputs[name] else { throw GoldenError.missing("\(case_id): inputs.\(name)") }
        return stored.integers
    }

    func number(_ name: String) throws -> Double {
        guard let value = hparams[name]?.number else { throw GoldenError.missing("\(case_id): hparams.\(name)") }
        return value
    }

    func term(_ name: String) throws -> Double {
        guard let value = terms[name] else { throw GoldenError.missing("\(case_id): terms.\(name)") }
        return value
    }
}

enum GoldenError: Error, CustomStringConvertible {
    case missing(String)
    var description: String { "golden file lacks \(self)" }
}

/// `|actual − expected| ≤ relative·|expected| + absolute` elementwise; returns the worst excess
/// ratio (≤ 1 passes).
func closeness(_ actual: [Double], _ expected: [Double], relative: Double = 1e-9, absolute: Double = 1e-12) -> Double {
    guard actual.count == expected.count else { return .infinity }
    var worst = 0.0
    for (a, e) in zip(actual, expected) {
        if a.isNaN || e.isNaN { if a.isNaN != e.isNaN { return .infinity } else { continue } }
        worst = max(worst, abs(a - e) / (relative * abs(e) + absolute))
    }
    return worst
}
