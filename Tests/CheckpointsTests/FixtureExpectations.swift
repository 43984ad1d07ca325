import Foundation
import Testing

@testable import Checkpoints

/// `Fixtures/expected.json`: what `make_fixtures.py` put into each fixture.
struct FixtureExpectations {
    struct Tensor: Decodable {
        var dtype: String
        var shape: [Int]
        var values: [Double]
    }

    /// Tensors in file order; JSON objects are unordered, so the order is read separately.
    var stateDict: [(String, Tensor)]
    var numpy: [(String, Tensor)]

    private struct Raw: Decodable {
        var state_dict: [String: Tensor]
        var numpy: [String: Tensor]
    }

    static func load() throws -> FixtureExpectations {
        let data = try Data(contentsOf: TestFiles.fixtures.appendingPathComponent("expected.json"))
        let raw = try JSONDecoder().decode(Raw.self, from: data)
        let text = String(decoding: data, as: UTF8.self)
        func ordered(_ table: [String: Tensor]) -> [(String, Tensor)] {
            table.sorted { text.range(of: "\"\($0.key)\"")!.lowerBound < text.range(of: "\"\($1.key)\"")!.lowerBound }
        }
        return FixtureExpectations(stateDict: ordered(raw.state_dict), numpy: ordered(raw.numpy))
    }

    /// Records an issue for every tensor of `found` that differs from `expected`.
    static func check(_ found: StateDictionary, against expected: [(String, Tensor)], _ context: String) {
        #expect(found.names == expected.map(\.0), "\(context): names")
        for (name, tensor) in expected {
            guard let stored = found[name] else { continue }
            #expect(stored.dtype.rawValue == tensor.dtype, "\(context): \(name) dtype")
            #expect(stored.shape == tensor.shape, "\(context): \(name) shape")
            #expect(stored.doubles() == tensor.values, "\(context): \(name) values")
        }
    }
}
