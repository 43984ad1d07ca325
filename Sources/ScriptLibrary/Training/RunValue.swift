import Foundation
import ScriptLanguage
import Training

/// A training run in the language: `run.step()`, `run.step(50)`, `run.epoch()`,
/// `run.until(epoch: 10)`, `run.pause_when("loss_kd > 5")`, `run.losses`, `run.save()`,
/// `run.paused_batch`. `save(run, path)` and a saved session write it as a resumable checkpoint.
public final class RunValue: HostObject {
    /// The run.
    public let run: TrainingRun
    /// The text given to `pause_when`, kept so a saved run pauses on it again.
    var pauseConditionText: String?

    /// Wraps `run`.
    public init(_ run: TrainingRun) { self.run = run }

    /// `"Run"`.
    public var typeName: String { "Run" }

    /// Method, epoch, step, learning rate and the last step's terms.
    public var description: String {
        let last = run.history.steps.last.map { record in
            record.terms.keys.sorted().map { "\($0) \(String(format: "%.3f", record.terms[$0] ?? .nan))" }.joined(separator: ", ")
        } ?? "no step yet"
        return "Run(\(run.methodName), epoch \(run.epoch)/\(run.maxEpochs), step \(run.stepInEpoch)/\(run.stepsPerEpoch), lr \(String(format: "%.2e", run.learningRate)); \(last))"
    }

    /// The attributes a script reads.
    public var attributeNames: [String] {
        ["current_epoch", "step_in_epoch", "steps_per_epoch", "max_epochs", "method", "lr", "losses", "paused", "paused_batch", "folder", "config"]
    }

    /// `epoch`, `step`, …; `paused_batch` is the batch of the step that paused the run.
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "current_epoch": return .number(Double(run.epoch))
        case "step_in_epoch": return .number(Double(run.stepInEpoch))
        case "steps_per_epoch": return .number(Double(run.stepsPerEpoch))
        case "max_epochs": return .number(Double(run.maxEpochs))
        case "method": return .string(run.methodName)
        case "lr": return .number(run.learningRate)
        case "losses": return .host(LossesValue(run.history))
        case "paused": return run.pauseReason.map(Value.string) ?? .nil
        case "paused_batch": return try pausedBatch()
        case "folder": return run.folder.map { .string($0.url.path) } ?? .nil
        case "config": return .host(ConfigObject(run.config))
        default: return nil
        }
    }

    /// The methods of `Run`, as a table.
    static var type: HostType { HostType("Run", doc: "A training run you can step through.", methods: [
        NativeFunction("step", [Parameter("count", default: .number(1))],
                       doc: "Runs `count` optimisation steps (stopping early on a pause); returns the last step's loss terms.") { args in
            let value = try receiver(args)
            var terms: [String: Double] = [:]
            for _ in 0..<max(0, try args.integer(0)) {
                if value.run.stepInEpoch >= value.run.stepsPerEpoch {
                    // Past the last epoch, `step()` below says so.
                    guard try value.run.run(untilEpoch: value.run.epoch) else { break }
                }
                terms = try value.run.step()
                if value.run.pauseReason != nil { break }
                if let condition = value.run.pauseCondition, condition(value.run, terms) { break }
            }
            return termsValue(terms)
        },
        NativeFunction("epoch", doc: "Runs the rest of the current epoch (logging, checkpoint and evaluation when due).") { args in
            let value = try receiver(args)
            try value.showingProgress { try value.run.runEpoch() }
            return value.run.history.epochs.last.map { termsValue($0.terms) } ?? .nil
        },
        NativeFunction("until", [Parameter("epoch", keywordOnly: false)],
                       doc: "Trains until `epoch` is finished, or a pause; returns true when it got there.") { args in
            let value = try receiver(args)
            let last = try args.integer(0)
            return .bool(try value.showingProgress { try value.run.run(untilEpoch: last) })
        },
        NativeFunction("pause_when", [Parameter("condition")],
                       doc: "Pauses `until`/`epoch` after a step whose terms meet a condition such as \"loss_kd > 5\".") { args in
            let value = try receiver(args)
            try value.setPauseCondition(try args.string(0))
            return .nil
        },
        NativeFunction("save", [Parameter("path", default: .nil)],
                       doc: "Without a path: the student checkpoint in the run folder. With one: the resumable run, as save(run, path). Returns the path.") { args in
            let value = try receiver(args)
            guard case .string(let path) = args[0] else { return try value.run.saveCheckpoint().map { .string($0.path) } ?? .nil }
            let url = TrainingFunctions.checkpointURL(path)
            try value.writeCheckpoint(to: url)
            return .string(url.path)
        },
    ]) }

    /// Runs `body` with the progress line `airs train` shows (on a terminal only); the line is
    /// left standing when `body` returns or fails.
    func showingProgress<T>(_ body: () throws -> T) throws -> T {
        let reporter = TrainingReporter.progressOnly()
        run.observer = reporter
        defer {
            reporter.endProgressLine()
            run.observer = nil
        }
        return try body()
    }

    func setPauseCondition(_ text: String) throws {
        let condition = try LossCondition(text)
        run.pauseCondition = { _, terms in condition.holds(for: terms) }
        pauseConditionText = text
    }

    static func receiver(_ args: Arguments) throws -> RunValue {
        guard case .host(let object) = args.receiver ?? .nil, let value = object as? RunValue else {
            throw ScriptError(.type, "\(args.function) is a method of Run")
        }
        return value
    }

    static func termsValue(_ terms: [String: Double]) -> Value {
        .dictionary(ScriptDictionary(terms.keys.sorted().map { ($0, .number(terms[$0] ?? .nan)) }))
    }
}

/// `"loss_kd > 5"`: a loss term, a comparison and a number.
struct LossCondition {
    let term: String
    let comparison: String
    let threshold: Double

    init(_ text: String) throws {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, ["<", "<=", ">", ">=", "==", "!="].contains(parts[1]), let threshold = Double(parts[2]) else {
            throw ScriptError(.value, "a pause condition reads TERM OP NUMBER, e.g. \"loss_kd > 5\"; got \"\(text)\"")
        }
        term = parts[0]
        comparison = parts[1]
        self.threshold = threshold
    }

    func holds(for terms: [String: Double]) -> Bool {
        guard let value = terms[term] else { return false }
        switch comparison {
        case "<": return value < threshold
        case "<=": return value <= threshold
        case ">": return value > threshold
        case ">=": return value >= threshold
        case "==": return value == threshold
        default: return value != threshold
        }
    }
}
