import Foundation
import ScriptLanguage
import Testing

@testable import ScriptLibrary

@Suite struct DatasetBindingTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-ds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func benchmarkFolderGivesSplitsAndTransformedImages() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let h = ScriptHarness()
        let cub = root.appendingPathComponent("CUB_200_2011").path
        #expect(h.run("synthetic(\"\(cub)\", classes: 4, per_class: 2, size: 24, seed: 1)").error == nil)
        #expect(h.run("ds = dataset(\"CUB200\", \"\(root.path)\", size: 16)").error == nil)
        #expect(h.show("ds.train_size > 0 and ds.query_size > 0") == "true")
        #expect(h.show("len(ds) == ds.train_size") == "true")
        #expect(h.show("ds.classes") == "2")
        #expect(h.show("ds[0][0].shape") == "[3, 16, 16]")
        #expect(h.show("ds.query[-1][1] >= 0") == "true")
        #expect(h.show("len(ds.gallery.labels) == ds.gallery_size") == "true")
        #expect(h.show("dataset(\"CUB200\", \"\(cub)\").train_size == ds.train_size") == "true")
        #expect(h.show("ds[1000]").hasPrefix("error[index]"))
    }

    /// SOP, InShop and MSMT17 by root folder (or their own folder); reading needs only the names.
    @Test(arguments: [
        (
            "SOP",
            [
                "Stanford_Online_Products/train/1_1.JPG", "Stanford_Online_Products/train/2_2.JPG",
                "Stanford_Online_Products/test/3_3.JPG", "Stanford_Online_Products/test/3_4.JPG",
            ], "[2, 2, 2]"
        ),
        (
            "InShop",
            [
                "InShop/train/1_0.jpg", "InShop/train/4_2.jpg", "InShop/train/4_3.jpg", "InShop/query/2_3.jpg",
                "InShop/gallery/2_1.jpg", "InShop/gallery/3_1.jpg",
            ], "[3, 1, 2]"
        ),
        (
            "MSMT17",
            [
                "MSMT17/train/0000_c1_0001.jpg", "MSMT17/train/0042_c3_0002.jpg", "MSMT17/query/0003_c14_0020.jpg",
                "MSMT17/gallery/0003_c2_0107.jpg",
            ], "[2, 1, 1]"
        ),
    ])
    func otherBenchmarksByRootFolder(kind: String, files: [String], sizes: String) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: url)
        }
        let h = ScriptHarness()
        #expect(
            h.show("d = dataset(\"\(kind)\", \"\(root.path)\")\n[d.train_size, d.query_size, d.gallery_size]") == sizes)
        #expect(h.show("d.name") == kind)
        let own = root.appendingPathComponent(String(files[0].prefix { $0 != "/" })).path
        #expect(h.show("dataset(\"\(kind)\", \"\(own)\").train_size == d.train_size") == "true")
    }

    @Test func listFileDataset() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let h = ScriptHarness()
        let cub = root.appendingPathComponent("CUB_200_2011")
        h.run("synthetic(\"\(cub.path)\", classes: 4, per_class: 2, size: 24, seed: 1)")
        let files = try FileManager.default.contentsOfDirectory(atPath: cub.appendingPathComponent("train").path)
            .sorted()
        let tests = try FileManager.default.contentsOfDirectory(atPath: cub.appendingPathComponent("test").path)
            .sorted()
        var lines = files.enumerated().map { "CUB_200_2011/train/\($1) \($0 % 2) train" }
        lines += tests.map { "CUB_200_2011/test/\($0) 7 test" }
        let list = root.appendingPathComponent("list.txt")
        try lines.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        #expect(h.run("d = dataset_list(\"\(list.path)\", size: [8, 12])").error == nil)
        #expect(h.show("d.train_size") == "\(files.count)")
        #expect(h.show("d[0][0].shape") == "[3, 8, 12]")
    }

    @Test func badInputIsADiagnostic() throws {
        let h = ScriptHarness()
        let missing = h.show("dataset(\"CUB200\", \"/nonexistent/root\")")
        #expect(missing.hasPrefix("error[host]") && missing.contains("/nonexistent/root"))
        #expect(h.show("dataset(\"ImageNet\", \"/tmp\")").hasPrefix("error[host]"))
        #expect(h.show("dataset_list(\"/nonexistent/list.txt\")").contains("/nonexistent/list.txt"))
        #expect(
            h.show("dataset(\"CUB200\", \"/tmp\", size: 0)").hasPrefix("error[value]")
                || h.show("dataset(\"CUB200\", \"/tmp\", size: 0)").hasPrefix("error[host]"))
        #expect(h.show("fashion_mnist(\"/tmp/x\", source: \"/nonexistent/fm\")").contains("/nonexistent/fm"))
        #expect(h.show("dataset(3, \"/tmp\")").hasPrefix("error[type]"))
    }
}
