import Foundation
import Testing

@testable import Datasets

private func names(_ records: [ImageRecord]) -> [String] { records.map(\.fileName) }
private func ids(_ records: [ImageRecord]) -> [[Int]] { records.map { [$0.pid, $0.camid] } }

@Test func readsCUBLayout() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    try tree.touch([
        "CUB_200_2011/train/003_00010.jpg", "CUB_200_2011/train/001_00001.jpg",
        "CUB_200_2011/train/001_00000.jpg", "CUB_200_2011/train/notes.txt",
        "CUB_200_2011/test/101_05864.jpg", "CUB_200_2011/test/102_05900.jpg",
    ])
    let dataset = try RetrievalDataset.read(name: "CUB200", root: tree.url)
    #expect(names(dataset.train) == ["001_00000.jpg", "001_00001.jpg", "003_00010.jpg"])
    #expect(ids(dataset.train) == [[0, 0], [0, 1], [1, 10]])
    #expect(dataset.numClasses == 2)
    #expect(ids(dataset.query) == [[101, 5864], [102, 5900]])
    #expect(dataset.gallery == dataset.query)
    #expect(dataset.statistics.contains("train") && dataset.statistics.contains("gallery"))
}

@Test func readsSOPLayout() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    try tree.touch([
        "Stanford_Online_Products/train/1_1.JPG", "Stanford_Online_Products/train/1_2.JPG",
        "Stanford_Online_Products/train/5_9.JPG", "Stanford_Online_Products/train/7_3.jpg",
        "Stanford_Online_Products/test/11319_59552.JPG",
    ])
    let dataset = try RetrievalDataset.read(.sop, root: tree.url)
    // Lower-case .jpg is not globbed for SOP (upstream globs *.JPG, case-sensitive).
    #expect(ids(dataset.train) == [[0, -1], [0, 0], [1, 7]])
    #expect(ids(dataset.query) == [[11318, 59550]] && dataset.gallery == dataset.query)
}

@Test func readsInShopLayout() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    try tree.touch([
        "InShop/train/1_0.jpg", "InShop/train/4_2.jpg", "InShop/query/2_3.jpg", "InShop/gallery/2_1.jpg",
        "InShop/gallery/3_1.jpg",
    ])
    let dataset = try RetrievalDataset.read(.inShop, root: tree.url)
    #expect(ids(dataset.train) == [[0, 0], [1, 0]] && dataset.numClasses == 2)
    #expect(ids(dataset.query) == [[1, 0]])
    #expect(ids(dataset.gallery) == [[1, 1], [2, 1]])
}

@Test func readsMSMT17LayoutAndDropsJunk() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    try tree.touch([
        "MSMT17/train/0000_c1_0001.jpg", "MSMT17/train/0042_c3_0002.jpg", "MSMT17/train/-1_c2_0003.jpg",
        "MSMT17/query/0003_c14_0020.jpg", "MSMT17/gallery/0003_c2_0107.jpg", "MSMT17/gallery/-1_c4_0001.jpg",
    ])
    let dataset = try RetrievalDataset.read(.msmt17, root: tree.url)
    #expect(ids(dataset.train) == [[0, 1], [1, 3]])
    #expect(ids(dataset.query) == [[3, 14]] && ids(dataset.gallery) == [[3, 2]])
}

@Test func fileNamePatternsUseLeftmostMatch() {
    #expect(FileNamePattern.classAndIndex.parse("a12_b3_45.jpg")! == (3, 45))
    #expect(FileNamePattern.identityAndCamera.parse("0003_c14_0020.jpg")! == (3, 14))
    #expect(FileNamePattern.itemPrefix.parse("id_00001_02.jpg")!.first == 1)
    #expect(FileNamePattern.classAndIndex.parse("1-2_3.jpg") == nil)
    #expect(FileNamePattern.classAndIndex.parse("cat.jpg") == nil)
}

@Test func layoutErrorsNameThePathAndTheExpectedLayout() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    #expect {
        try RetrievalDataset.read(.cub200, root: tree.url)
    } throws: { error in
        let text = "\(error)"
        return text.contains(tree.url.appendingPathComponent("CUB_200_2011").path)
            && text.contains("train/<class>_<image index>.jpg")
    }
    try tree.touch(["InShop/train/1_0.jpg", "InShop/query/2_3.jpg"])
    #expect {
        try RetrievalDataset.read(.inShop, root: tree.url)
    } throws: { error in
        guard case .missingDirectory(let path, let layout) = error as? DatasetError else { return false }
        return path.hasSuffix("InShop/gallery") && layout.contains("{train,query,gallery}")
    }
    try tree.touch(["MSMT17/train/person.jpg", "MSMT17/query/0001_c1_1.jpg", "MSMT17/gallery/0001_c1_2.jpg"])
    #expect {
        try RetrievalDataset.read(.msmt17, root: tree.url)
    } throws: { error in
        guard case .unparseableFileName(let path, _, _) = error as? DatasetError else { return false }
        return path.hasSuffix("MSMT17/train/person.jpg") && "\(error)".contains("person.jpg")
    }
    try tree.touch(["CUB_200_2011/train/readme.txt", "CUB_200_2011/test/101_1.jpg"])
    #expect(
        throws: DatasetError.emptySplit(
            path: tree.url.appendingPathComponent("CUB_200_2011/train").path,
            expectedLayout: DatasetKind.cub200.expectedLayout)
    ) {
        try RetrievalDataset.read(.cub200, root: tree.url)
    }
    #expect(throws: DatasetError.unknownDataset(name: "Market", known: ["CUB200", "SOP", "InShop", "MSMT17"])) {
        try RetrievalDataset.read(name: "Market", root: tree.url)
    }
}

@Test func listFileReadsAndRoundTrips() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    let list = tree.url.appendingPathComponent("my.txt")
    try """
    # my data
    images/a.jpg 7 train
    images/b.jpg 3 train   # trailing comment
    /abs/c.jpg 9 test
    d.jpg 9 test
    e.jpg 4 2 query
    f.jpg 4 gallery
    """.write(to: list, atomically: true, encoding: .utf8)
    let dataset = try RetrievalDataset.readList(at: list)
    #expect(ids(dataset.train) == [[1, 0], [0, 0]] && dataset.numClasses == 2)
    #expect(dataset.train[0].path == tree.url.appendingPathComponent("images/a.jpg").path)
    #expect(ids(dataset.query) == [[9, 0], [9, 1], [4, 2]])
    #expect(ids(dataset.gallery) == [[9, 0], [9, 1], [4, 1]])
    #expect(dataset.query[0].path == "/abs/c.jpg")
    let copy = tree.url.appendingPathComponent("copy.txt")
    try dataset.listFileText().write(to: copy, atomically: true, encoding: .utf8)
    var reread = try RetrievalDataset.readList(at: copy)
    reread.name = dataset.name
    #expect(reread == dataset)
}

@Test func badListFilesNameTheLine() throws {
    let tree = try TemporaryDirectory()
    defer { tree.remove() }
    let cases: [(String, Int, String)] = [
        ("a.jpg 1 train\nb.jpg x test\n", 2, "class id 'x'"),
        ("a.jpg 1 train\nb.jpg 2 test\nc.jpg 1 2 3 4 train\n", 3, "3 or 4 fields"),
        ("a.jpg 1 train\nb.jpg 2 validation\n", 2, "unknown split 'validation'"),
        ("a.jpg 1 q train\n", 1, "camera id 'q'"),
        ("a.jpg 1 train\n", 0, "no query images"),
    ]
    for (text, line, message) in cases {
        let list = tree.url.appendingPathComponent("bad.txt")
        try text.write(to: list, atomically: true, encoding: .utf8)
        #expect {
            try RetrievalDataset.readList(at: list)
        } throws: { error in
            guard case .badListFile(let path, let errorLine, let errorMessage) = error as? DatasetError else {
                return false
            }
            return path == list.path && errorLine == line && errorMessage.contains(message)
                && "\(error)".contains("\(list.path):\(line)")
        }
    }
}
