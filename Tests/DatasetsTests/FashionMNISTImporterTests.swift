import Foundation
import Testing

@testable import Datasets

private func idx(_ dimensions: [Int], _ payload: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, 8, UInt8(dimensions.count)]
    for d in dimensions { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
    return bytes + payload
}

@Test func importsTheFixedProtocolFromSmallIDXFiles() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    let source = tree.url.appendingPathComponent("source")
    try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
    let trainLabels: [UInt8] = [3, 7, 0, 4, 9]
    let testLabels: [UInt8] = [1, 5, 9]
    let trainPixels = (0..<(5 * 4 * 3)).map { UInt8($0 * 4) }
    let testPixels = [UInt8](repeating: 200, count: 3 * 4 * 3)
    try Data(idx([5, 4, 3], trainPixels)).write(to: source.appendingPathComponent("train-images-idx3-ubyte"))
    try Data(idx([5], trainLabels)).write(to: source.appendingPathComponent("train-labels-idx1-ubyte"))
    try Data(idx([3, 4, 3], testPixels)).write(to: source.appendingPathComponent("t10k-images-idx3-ubyte"))
    try Data(idx([3], testLabels)).write(to: source.appendingPathComponent("t10k-labels-idx1-ubyte"))
    let folder = tree.url.appendingPathComponent("CUB_200_2011")
    let summary = try FashionMNISTImporter.importDataset(from: source, to: folder)
    #expect(summary == .init(trainImages: 3, testImages: 2))
    let train = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("train").path)
        .sorted()
    let test = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("test").path).sorted()
    #expect(train == ["1_1.jpg", "4_0.jpg", "5_2.jpg"])
    #expect(test == ["10_4.jpg", "6_3.jpg"])
    let image = try ImageCodec.decode(contentsOf: folder.appendingPathComponent("test/6_3.jpg"))
    #expect(image.width == 3 && image.height == 4 && image.pixels.allSatisfy { abs(Int($0) - 200) <= 2 })
    let dataset = try RetrievalDataset.read(.cub200, root: tree.url)
    #expect(dataset.numClasses == 3 && dataset.query.count == 2)
}

@Test func readsTheInstalledGzipFilesOrNamesTheMissingOne() throws {
    let source = FashionMNISTImporter.defaultSource
    if FileManager.default.fileExists(atPath: source.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path) {
        let labels = try IDXFile.read(FashionMNISTImporter.locate("t10k-labels-idx1-ubyte", in: source))
        #expect(labels.dimensions == [10000] && labels.bytes.allSatisfy { $0 <= 9 })
        #expect((0...9).allSatisfy { label in labels.bytes.filter { $0 == label }.count == 1000 })
    } else {
        #expect { try FashionMNISTImporter.locate("t10k-labels-idx1-ubyte", in: source) } throws: {
            "\($0)".contains("t10k-labels-idx1-ubyte.gz") && "\($0)".contains("dataset-fashion-mnist")
        }
    }
}

@Test func badIDXFilesNameTheFile() {
    #expect(throws: DatasetError.badIDXFile(path: "x.idx", message: "missing the 0x0000 magic prefix")) {
        try IDXFile.parse([1, 2, 3, 4], path: "x.idx")
    }
    #expect { try IDXFile.parse(idx([4], [1, 2]), path: "short.idx") } throws: { "\($0)".contains("short.idx") }
    #expect(throws: DatasetError.self) {
        try FashionMNISTImporter.locate("nothing", in: URL(fileURLWithPath: "/nonexistent"))
    }
}

@Test func heldOutImagesKeepsAllTenClassesInBothSplits() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    let source = tree.url.appendingPathComponent("source")
    try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
    try Data(idx([3, 2, 2], [UInt8](repeating: 9, count: 12))).write(
        to: source.appendingPathComponent("train-images-idx3-ubyte"))
    try Data(idx([3], [9, 0, 5])).write(to: source.appendingPathComponent("train-labels-idx1-ubyte"))
    try Data(idx([2, 2, 2], [UInt8](repeating: 50, count: 8))).write(
        to: source.appendingPathComponent("t10k-images-idx3-ubyte"))
    try Data(idx([2], [2, 9])).write(to: source.appendingPathComponent("t10k-labels-idx1-ubyte"))
    let folder = tree.url.appendingPathComponent("CUB_200_2011")
    let summary = try FashionMNISTImporter.importDataset(from: source, to: folder, split: .heldOutImages)
    #expect(summary == .init(trainImages: 3, testImages: 2))
    let train = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("train").path)
        .sorted()
    let test = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("test").path).sorted()
    #expect(train == ["10_0.jpg", "1_1.jpg", "6_2.jpg"])
    #expect(test == ["10_4.jpg", "3_3.jpg"])
    let dataset = try RetrievalDataset.read(.cub200, root: tree.url)
    #expect(dataset.numClasses == 3 && dataset.query.count == 2)
}

@Test func perClassKeepsTheFirstImagesOfEachClassInEachSplit() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    let source = tree.url.appendingPathComponent("source")
    try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
    let trainLabels: [UInt8] = [3, 3, 0, 3, 0]
    let testLabels: [UInt8] = [3, 0, 3]
    try Data(idx([5, 4, 3], [UInt8](repeating: 9, count: 5 * 12))).write(
        to: source.appendingPathComponent("train-images-idx3-ubyte"))
    try Data(idx([5], trainLabels)).write(to: source.appendingPathComponent("train-labels-idx1-ubyte"))
    try Data(idx([3, 4, 3], [UInt8](repeating: 7, count: 3 * 12))).write(
        to: source.appendingPathComponent("t10k-images-idx3-ubyte"))
    try Data(idx([3], testLabels)).write(to: source.appendingPathComponent("t10k-labels-idx1-ubyte"))
    let folder = tree.url.appendingPathComponent("CUB_200_2011")
    let summary = try FashionMNISTImporter.importDataset(from: source, to: folder, split: .heldOutImages, perClass: 1)
    #expect(summary == .init(trainImages: 2, testImages: 2))
    let train = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("train").path)
        .sorted()
    #expect(train == ["1_1.jpg", "4_0.jpg"])
}
