import Foundation
import ScriptLanguage
import Testing

/// Collects the progress lines a notebook front end would redraw.
private final class ProgressBox {
    var lines: [String] = []
}

@Test func aFrontEndSeesEachEpochsProgressAndTheLossesAsMarkdown() throws {
    let (h, root) = try trainingHarness()
    defer { try? FileManager.default.removeItem(at: root) }
    _ = h.run("run = train(cfg, folder: false)")
    let box = ProgressBox()
    h.interpreter.showProgress = { box.lines.append($0) }
    #expect(h.run("run.epoch()").error == nil)
    #expect(box.lines.count == 2, "the first step and the epoch's last: \(box.lines)")
    #expect(box.lines.first?.hasPrefix("epoch 1 ") == true && box.lines.first?.contains(" 1/2 ") == true)
    #expect(box.lines.last?.contains(" 2/2 ") == true && box.lines.last?.contains("loss ") == true)
    // The run's own pause condition still applies under the progress report.
    #expect(h.show("run.pause_when(\"loss > 0\")\nrun.until(epoch: 2)") == "false")
    #expect(h.show("run.paused").contains("pause condition met at epoch 2, step 1"))
    #expect(box.lines.count == 3 && box.lines[2].hasPrefix("epoch 2 "))
    guard case .host(let losses)? = h.run("run.losses").value else {
        Issue.record("run.losses is not an object")
        return
    }
    let markdown = try #require(losses.markdown)
    #expect(markdown.hasPrefix("| epoch | lr |"))
    #expect(markdown.split(separator: "\n")[1].hasPrefix("|---|---|"))
    #expect(markdown.contains("\n| 1 | "))
    h.interpreter.showProgress = nil
    #expect(h.run("run.epoch()").error == nil)
    #expect(box.lines.count == 3, "a terminal shows no progress")
}
