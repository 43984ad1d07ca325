import Foundation
import Testing
@testable import Evaluation

@Suite struct NumpyArrayFileTests {
    func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("airs-npy-\(UUID().uuidString)-\(name)")
    }

    @Test(arguments: [
        try! NumpyArrayFile(shape: [3], elements: .float32([1.5, -2, .infinity])),
        try! NumpyArrayFile(shape: [2, 3], elements: .float64([1, 2, 3, 4, 5, .pi])),
        try! NumpyArrayFile(shape: [2, 2], elements: .int64([-1, 0, Int(Int32.max) + 5, 7])),
        try! NumpyArrayFile(shape: [0, 4], elements: .float32([])),
    ])
    func roundTrips(array: NumpyArrayFile) throws {
        let url = temporaryURL("a.npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try array.write(to: url)
        #expect(try NumpyArrayFile.read(from: url) == array)
        let data = try Data(contentsOf: url)
        let headerEnd = 10 + Int(data[8]) + Int(data[9]) << 8
        #expect(headerEnd % 64 == 0, "header padded to 64 bytes as NumPy writes it")
    }

    @Test func headerIsNumpys() throws {
        let data = try NumpyArrayFile(shape: [3], elements: .float32([1, 2, 3])).encoded()
        let header = String(decoding: data[10..<(10 + Int(data[8]) + Int(data[9]) << 8)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"))
        #expect(header.hasSuffix("\n"))
    }

    @Test func rejectsBadFiles() throws {
        let good = try NumpyArrayFile(shape: [2], elements: .float64([1, 2])).encoded()
        func message(_ data: Data) -> String {
            do { _ = try NumpyArrayFile.decode(data, path: "cache/x.npy"); return "" } catch { return "\(error)" }
        }
        #expect(message(Data("hello world".utf8)).contains("cache/x.npy: not a .npy file"))
        #expect(message(good.dropLast(3)).contains("expected 2 elements of <f8"))
        var other = good
        other.replaceSubrange(21..<24, with: Array("<i4".utf8))
        #expect(message(other).contains("dtype <i4 is not supported"))
        #expect(throws: EvaluationError.self) { try NumpyArrayFile(shape: [2, 2], elements: .int64([1])) }
        #expect(throws: EvaluationError.self) { try NumpyArrayFile.read(from: temporaryURL("missing.npy")) }
    }
}
