import Datasets
import Foundation
import ScriptLanguage
import Testing

@testable import ScriptLibrary

/// `show` writes a real labelled contact sheet.
@Suite struct ShowBindingTests {
    @Test func writesALabelledSheet() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("airs-sheet-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let harness = ScriptHarness()
        let source = """
            batch = randn([6, 3, 16, 16], seed: 3)
            items = [[batch[0], 0], [batch[1], 1], [batch[2], 2], [batch[3], 3]]
            show(items, 4, to: "\(path)", columns: 2)
            """
        #expect(harness.run(source).error == nil)
        let image = try ImageCodec.decode(contentsOf: URL(fileURLWithPath: path))
        // 16-pixel images are enlarged to 64 so they can be seen.
        #expect(image.width == 2 * 72 && image.height == 2 * (64 + 8 + BitmapFont.height + 6))
        var colors = Set<[UInt8]>()
        for i in stride(from: 0, to: image.pixels.count, by: image.channels) {
            colors.insert(Array(image.pixels[i..<(i + 3)]))
        }
        #expect(colors.count > 50)
    }

    @Test func showsABatchTensorAndRejectsBadShapes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("airs-sheet-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let harness = ScriptHarness()
        #expect(harness.run("show(rand([5, 3, 8, 8]), 5, to: \"\(path)\")").error == nil)
        #expect(try ImageCodec.decode(contentsOf: URL(fileURLWithPath: path)).width == 5 * 72)
        #expect(harness.show("show(zeros([2, 2]))").contains("[N, 3, H, W], got [2, 2]"))
        #expect(harness.show("show([1, 2])").contains("each item must be an image tensor"))
        #expect(harness.show("show(rand([1, 3, 4, 4]), 0)").contains("must be positive"))
    }
}
