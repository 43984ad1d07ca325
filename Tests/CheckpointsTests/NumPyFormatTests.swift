import Foundation
import TensorEngine
import Testing

@testable import Checkpoints

private func fixture(_ name: String) -> URL { TestFiles.fixtures.appendingPathComponent(name) }

@Test func numpyWrittenFilesLoad() throws {
    let expected = try FixtureExpectations.load()
    let archive = try NumPyArchiveFormat.read(from: fixture("arrays.npz"))
    FixtureExpectations.check(archive, against: expected.numpy, "arrays.npz")
    let single = try NumPyFormat.read(from: fixture("embeddings.npy"))
    #expect(single == archive["embeddings"])
    let fortran = try NumPyFormat.read(from: fixture("fortran.npy"))
    #expect(fortran == archive["fortran"])
    #expect(fortran.doubles() == [0, 1, 2, 3, 4, 5])
}

@Test func npyAndNpzRoundTrip() throws {
    let folder = try TestFiles.scratchDirectory()
    var arrays = StateDictionary()
    arrays["embeddings"] = TestFiles.storedFloats([5, 7])
    arrays["distances"] = StoredTensor(try Tensor(shape: [2, 2], doubles: [0, 1.5, -2, 1e-300]))
    arrays["labels"] = try StoredTensor(integers: [1, -2, 1 << 40], shape: [3])
    arrays["scalar"] = try StoredTensor(integers: [9], shape: [])
    let npz = folder.appendingPathComponent("out.npz")
    try NumPyArchiveFormat.write(arrays, to: npz)
    #expect(try NumPyArchiveFormat.read(from: npz) == arrays)
    for entry in arrays {
        let url = folder.appendingPathComponent(entry.name + ".npy")
        try NumPyFormat.write(entry.tensor, to: url)
        #expect(try NumPyFormat.read(from: url) == entry.tensor)
    }
    let tensor = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    try NumPyFormat.write(tensor, to: folder.appendingPathComponent("t.npy"))
    #expect(try NumPyFormat.read(from: folder.appendingPathComponent("t.npy")).tensor().scalars == tensor.scalars)
}

@Test func npyHeaderIsAlignedAndParsesAsNumPyWrites() throws {
    let bytes = try NumPyFormat.encode(TestFiles.storedFloats([3]))
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    #expect((10 + headerLength) % 64 == 0)
    let text = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
    #expect(text.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"))
    #expect(
        try NumPyFormat.encode(NumPyFormat.read(from: fixture("embeddings.npy")))
            == FileBytes.read(fixture("embeddings.npy")))
}

@Test func bfloat16CannotBeWrittenToNumPy() throws {
    var arrays = StateDictionary()
    arrays["half"] = try StoredTensor(try Tensor(shape: [1], scalars: [1]), as: .bfloat16)
    let error = TestFiles.error { _ = try NumPyArchiveFormat.encode(arrays) }
    #expect(error?.description.hasPrefix("tensor 'half': BF16 has no NumPy dtype") == true)
}

@Test func compressedNpzLoadsLikeTheStoredOne() throws {
    #expect(
        try NumPyArchiveFormat.read(from: fixture("compressed.npz"))
            == NumPyArchiveFormat.read(from: fixture("arrays.npz")))
}

@Test func truncatedNpyNamesTheFile() throws {
    let bytes = try FileBytes.read(fixture("embeddings.npy"))
    let error = TestFiles.error { _ = try NumPyFormat.decode(bytes.dropLast(4), file: "e.npy") }
    #expect(error?.description.hasPrefix("e.npy: truncated: the [3, 4] <f4 array data") == true)
    let header = TestFiles.error { _ = try NumPyFormat.decode(bytes.prefix(30), file: "h.npy") }
    #expect(header?.description.hasPrefix("h.npy: truncated: the .npy header") == true)
}
