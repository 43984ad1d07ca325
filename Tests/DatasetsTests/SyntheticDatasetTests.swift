import Foundation
import Testing

@testable import Datasets

@Test func syntheticDatasetIsReadableAsCUBAndDeterministic() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    let folder = tree.url.appendingPathComponent("CUB_200_2011")
    let summary = try SyntheticDataset.write(to: folder, classes: 6, perClass: 3, size: 32, seed: 9)
    #expect(summary == .init(trainImages: 9, testImages: 9, trainClasses: 3, testClasses: 3))
    let dataset = try RetrievalDataset.read(.cub200, root: tree.url)
    #expect(dataset.train.count == 9 && dataset.numClasses == 3)
    #expect(Set(dataset.query.map(\.pid)) == [4, 5, 6])
    #expect(Set(dataset.query.map(\.camid)).count == 9)
    let image = try ImageCodec.decode(contentsOf: URL(fileURLWithPath: dataset.query[0].path))
    #expect(image.width == 32 && image.height == 32)
    let again = tree.url.appendingPathComponent("again")
    try SyntheticDataset.write(to: again, classes: 6, perClass: 3, size: 32, seed: 9)
    let first = try Data(contentsOf: URL(fileURLWithPath: dataset.train[4].path))
    let second = try Data(
        contentsOf: again.appendingPathComponent("train").appendingPathComponent(dataset.train[4].fileName))
    #expect(first == second)
    #expect(throws: DatasetError.self) { try SyntheticDataset.write(to: again, classes: 1, perClass: 3, size: 32) }
}

@Test func syntheticClassesAreDistinctCombinations() {
    let combinations = SyntheticDataset.classCombinations(seed: 1)
    #expect(combinations.count == SyntheticDataset.maximumClasses)
    #expect(Set(combinations.map { "\($0.shape)-\($0.texture)-\($0.hue)" }).count == combinations.count)
}
