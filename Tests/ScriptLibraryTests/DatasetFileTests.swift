import Checkpoints
import Datasets
import Foundation
import Testing

@testable import ScriptLibrary

/// `DatasetFile`: the safetensors layout saved sessions keep a Dataset in.
@Suite struct DatasetFileTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-dsfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Two training classes (labels already remapped), a query and a two-image gallery.
    func sample() -> DatasetObject {
        let train = [
            ImageRecord(path: "/d/t0.jpg", pid: 3, camid: 0),
            ImageRecord(path: "/d/t 1.jpg", pid: 9, camid: 1),
        ]
        let query = [ImageRecord(path: "/d/é q.png", pid: 12, camid: 2)]
        let gallery = [
            ImageRecord(path: "/d/g0.jpg", pid: 12, camid: 3),
            ImageRecord(path: "/d/g1.jpg", pid: 13, camid: 4),
        ]
        let dataset = RetrievalDataset(
            name: "CUB200", rawTrain: train, query: query, gallery: gallery)
        return DatasetObject(dataset, transform: .test(height: 48, width: 32))
    }

    @Test func roundTripKeepsNameSplitsLabelsAndSize() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = sample()
        let url = dir.appendingPathComponent("data.safetensors")
        try DatasetFile.write(original, to: url)
        let back = try DatasetFile.read(from: url)
        #expect(back.dataset == original.dataset)
        #expect(back.dataset.train.map(\.pid) == [0, 1])
        #expect(back.transform.height == 48 && back.transform.width == 32)
    }

    @Test func aFileOfAnotherKindOrWithoutASizeIsNamed() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("data.safetensors")
        try DatasetFile.write(sample(), to: url)
        var checkpoint = try SafeTensorsFormat.read(from: url)
        checkpoint.metadata["airs.height"] = "tall"
        try SafeTensorsFormat.write(checkpoint, to: url)
        #expect { try DatasetFile.read(from: url) } throws: {
            "\($0)".contains(url.path)
                && "\($0)".contains("'airs.height' is not a positive whole number")
        }
        #expect { try EmbeddingsFile.read(from: url) } throws: {
            "\($0)".contains("holds 'dataset', not embeddings")
        }
    }
}
