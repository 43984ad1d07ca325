import Foundation
import ScriptLibrary
import Testing

@testable import InteractiveShell

/// A training call that an interrupt stops says where the run stopped and which call continues
/// it, and ends the input (as Ctrl-C does; `requestInterrupt` stands in for the signal, which
/// TerminalTests sends for real).
@Test func anInterruptedTrainingCallSaysWhereItStoppedAndWhatContinuesIt() throws {
    let h = ShellHarness()
    for line in tinyTrainingSetup(root: h.folder.appendingPathComponent("data")) + [
        "mine = train(cfg, folder: false)"
    ] {
        let output = h.run(line)
        #expect(!output.contains("error"), "\(line): \(output)")
    }
    guard case .host(let held as RunValue)? = h.shell.interpreter.global("mine") else {
        Issue.record("no Run")
        return
    }
    held.run.requestInterrupt()
    #expect(h.run("mine.epoch()") == "interrupted at epoch 1, step 0/2; mine.epoch() continues")
    _ = h.run("mine.step()")
    held.run.requestInterrupt()
    #expect(
        h.run("before = 1\nmine.until(epoch: 3)\nafter = 2")
            == "interrupted at epoch 1, step 1/2; mine.until(epoch: 3) continues")
    #expect(h.run("after").contains("error[name]"), "the rest of the input did not run")
    held.run.requestInterrupt()
    #expect(h.run("mine.step(5)") == "interrupted at epoch 1, step 1/2; mine.step(5) continues")
    #expect(value(h.run("mine.epoch()\n[mine.current_epoch, mine.step_in_epoch]")) == "[2, 0]")
}
