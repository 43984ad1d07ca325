import Foundation
import ScriptLanguage
import Testing

/// Collects the PNGs a notebook front end would show.
private final class PictureBox {
    var pictures: [[UInt8]] = []
}

private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

@Test func aFrontEndGetsEveryPictureAsPNGAndPlotWithoutAFileShowsNoBraille() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airs-pics-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let h = ScriptHarness()
    let box = PictureBox()
    h.interpreter.showPicture = { box.pictures.append($0) }
    #expect(h.show("plot({\"a\": [3, 2, 1], \"b\": [1, 2, 3]})") == "nil")
    #expect(h.output.isEmpty)
    #expect(box.pictures.count == 1 && box.pictures[0].starts(with: pngSignature))
    let chart = folder.appendingPathComponent("chart.png").path
    #expect(h.show("plot([1, 2], to: \"\(chart)\")") == chart)
    #expect(try Data(contentsOf: URL(fileURLWithPath: chart)).starts(with: pngSignature))
    let sheet = folder.appendingPathComponent("sheet.png").path
    _ = h.run("show(randn([2, 3, 8, 8], seed: 1), to: \"\(sheet)\")")
    let scatter = folder.appendingPathComponent("scatter.png").path
    _ = h.run("project(randn([6, 4], seed: 2), [0, 0, 1, 1, 2, 2], to: \"\(scatter)\")")
    #expect(box.pictures.count == 4)
    #expect(box.pictures.allSatisfy { $0.starts(with: pngSignature) })
    #expect(FileManager.default.fileExists(atPath: sheet) && FileManager.default.fileExists(atPath: scatter))
}

@Test func aTerminalGetsBrailleAndNoPictures() {
    let h = ScriptHarness()
    #expect(h.show("plot([3, 2, 1])") == "nil")
    #expect(h.output.count == 1 && h.output[0].unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) })
}
