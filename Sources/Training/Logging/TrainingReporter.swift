import Evaluation
import Foundation
import TensorEngine

/// Reports a run on a text stream as upstream's logger does on its console: the start report,
/// one `Epoch[e] Loss …` line per epoch written as it closes, each evaluation as it finishes,
/// and at the end the results table and the run folder. On a terminal a progress line is
/// redrawn in place during an epoch and left standing above the epoch's line; elsewhere (a
/// pipe, a file) there is no progress line, so logs hold no control characters.
public final class TrainingReporter: TrainingObserver {
    /// Receives the progress line's redraws (nil: no progress line).
    private let progress: ((String) -> Void)?
    /// Receives each line of text, without its newline.
    private let emit: (String) -> Void
    private var bar: ProgressBar?
    private var barEpoch = 0

    /// A reporter writing everything through `write`, which should pass the text on unbuffered;
    /// `isTerminal` adds the progress line.
    public convenience init(isTerminal: Bool, write: @escaping (String) -> Void) {
        self.init(progress: isTerminal ? write : nil, lines: { write($0 + "\n") })
    }

    /// A reporter drawing the progress line through `progress` (nil for none) and writing lines
    /// through `lines` (one call per line, without the newline), as the shell routes them.
    public init(progress: ((String) -> Void)?, lines: @escaping (String) -> Void) {
        self.progress = progress
        emit = lines
    }

    /// A reporter on standard output; progress lines only when it is a terminal.
    public static func standardOutput() -> TrainingReporter {
        TrainingReporter(isTerminal: isatty(STDOUT_FILENO) != 0) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// A progress line on standard output when it is a terminal, and nothing else: what the
    /// shell shows while `run.epoch()` or `run.until()` trains.
    public static func progressOnly() -> TrainingReporter {
        let progress: ((String) -> Void)? =
            isatty(STDOUT_FILENO) != 0
            ? { text in FileHandle.standardOutput.write(Data(text.utf8)) } : nil
        return TrainingReporter(progress: progress, lines: { _ in })
    }

    /// Attaches to `run` and writes what it will train (or, `resuming`, where it continues):
    /// network, method, data, epochs, images left out, and upstream's start report.
    public func start(_ run: TrainingRun, resuming: Bool = false) throws {
        run.observer = self
        let data = run.dataset
        if resuming {
            line(
                "resuming \(run.student.name) (\(run.methodName)) at epoch \(run.epoch), "
                    + "step \(run.stepInEpoch) of \(run.maxEpochs) epochs")
        } else {
            line(
                "training \(run.student.name) (\(run.methodName)) on \(data.name): "
                    + "\(data.train.count) images, \(data.numClasses) classes, "
                    + "\(run.maxEpochs) epochs of \(run.stepsPerEpoch) steps")
        }
        if !run.droppedImages.isEmpty {
            let count = run.droppedImages.count
            line(
                "left out \(count) image\(count == 1 ? "" : "s") that fail the image check "
                    + "(DATASETS.BAD_IMAGES skip); train_log.txt lists them")
        }
        line(try run.startReport())
        line(run.weightsReport)
        if let notice = CPUFeatures.current.openBLASCoreTypeNotice(environment: ProcessInfo.processInfo.environment) {
            line(notice)
        }
    }

    /// Redraws the progress line (terminal only).
    public func runDidStep(_ run: TrainingRun, terms: [String: Double]) {
        guard let progress else { return }
        if bar == nil || barEpoch != run.epoch {
            let label = "epoch \(run.epoch)/\(run.maxEpochs)"
            bar = ProgressBar(total: run.stepsPerEpoch, label: label, start: run.epochStart)
            barEpoch = run.epoch
        }
        guard let bar else { return }
        let shown = [("loss", terms["loss"] ?? .nan), ("acc", terms["acc"] ?? .nan)]
        progress("\r\u{1B}[2K" + bar.line(done: run.stepInEpoch, terms: shown))
    }

    /// Ends the progress line and writes the epoch's line.
    public func runDidFinishEpoch(_ run: TrainingRun, line epochLine: EpochLogLine) {
        endProgressLine()
        line(epochLine.text)
    }

    /// Writes the evaluation on one line.
    public func runDidEvaluate(_ run: TrainingRun, result: EvaluationResult) {
        let metrics = Self.metrics(result).map { "\($0.0) \($0.1)" }
        line("Evaluation after epoch \(run.epoch): " + metrics.joined(separator: ", "))
    }

    /// Writes the last evaluation as a table (when there was one), upstream's end report and
    /// the run folder.
    public func finish(_ run: TrainingRun) throws {
        endProgressLine()
        if let result = run.lastEvaluation { line(Self.table(result)) }
        line(try run.endReport())
        if let folder = run.folder { line("run folder: \(folder.url.path)") }
    }

    /// Writes `text` and a newline (the evaluation of `airs test`, messages of a command).
    public func line(_ text: String) {
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
            emit(String(part))
        }
    }

    /// Leaves the progress line standing and moves below it (a pause, an error, an epoch's end).
    public func endProgressLine() {
        if bar != nil { progress?("\n") }
        bar = nil
    }

    /// mAP, mINP, R1, R5 and R10 as percentages with two decimals.
    public static func metrics(_ result: EvaluationResult) -> [(String, String)] {
        func percent(_ value: Double?) -> String {
            value.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a"
        }
        return [
            ("mAP", percent(result.meanAveragePrecision)),
            ("mINP", percent(result.meanInverseNegativePenalty)),
            ("R1", percent(result.rank(1))), ("R5", percent(result.rank(5))),
            ("R10", percent(result.rank(10))),
        ]
    }

    /// The metrics as a two-line table, columns right-aligned.
    public static func table(_ result: EvaluationResult) -> String {
        let columns = metrics(result).map { name, value in
            let width = max(name.count, value.count)
            return (
                String(repeating: " ", count: width - name.count) + name,
                String(repeating: " ", count: width - value.count) + value
            )
        }
        return columns.map(\.0).joined(separator: "  ") + "\n"
            + columns.map(\.1).joined(separator: "  ")
    }
}
