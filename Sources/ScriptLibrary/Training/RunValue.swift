import Configuration
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
        let last =
            run.history.steps.last.map { record in
                record.terms.keys.sorted().map { "\($0) \(String(format: "%.3f", record.terms[$0] ?? .nan))" }.joined(
                    separator: ", ")
            } ?? "no step yet"
        return
            "Run(\(run.methodName), epoch \(run.epoch)/\(run.maxEpochs), step \(run.stepInEpoch)/\(run.stepsPerEpoch), lr \(String(format: "%.2e", run.learningRate)); \(last))"
    }

    /// The attributes a script reads.
    public var attributeNames: [String] {
        [
            "current_epoch", "step_in_epoch", "steps_per_epoch", "max_epochs", "method", "lr", "losses", "paused",
            "paused_batch", "folder", "config", "student", "model", "teacher",
        ]
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
        case "student", "model": return .host(student)
        case "teacher": return teacher.map(Value.host) ?? .nil
        default: return nil
        }
    }

    /// The network being trained, as a `Model` (the same weights: changing one changes the other).
    public var student: ModelObject { ModelObject(run.student, classes: run.dataset.numClasses) }

    /// The frozen teacher, with the checkpoint it was loaded from; nil for a run without one
    /// (Vanilla).
    public var teacher: ModelObject? {
        run.teacher.map {
            ModelObject(
                $0, classes: run.dataset.numClasses,
                weights: try? run.config.string("DISTILLER.TEACHER_MODEL_PATH"))
        }
    }

    /// The methods of `Run`, as a table.
    static var type: HostType {
        HostType(
            "Run", doc: "A training run you can step through.",
            methods: [
                NativeFunction(
                    "step", [Parameter("count", default: .number(1))],
                    doc:
                        "Runs `count` optimisation steps (stopping early on a pause); returns the last step's loss terms."
                ) { args in
                    let value = try receiver(args)
                    var terms: [String: Double] = [:]
                    let count = max(0, try args.integer(0))
                    for done in 0..<count {
                        let rest = "step(\(count - done))"
                        if try value.run.stopsForInterrupt() { try value.reportInterrupt(args, continuing: rest) }
                        if value.run.stepInEpoch >= value.run.stepsPerEpoch {
                            let closed = try value.run.run(untilEpoch: value.run.epoch)
                            try value.reportInterrupt(args, continuing: rest)
                            // Past the last epoch, `step()` below says so.
                            guard closed else { break }
                        }
                        terms = try value.run.step()
                        if value.run.pauseReason != nil { break }
                        if let condition = value.run.pauseCondition, condition(value.run, terms) { break }
                    }
                    return termsValue(terms)
                },
                NativeFunction(
                    "epoch", doc: "Runs the rest of the current epoch (logging, checkpoint and evaluation when due)."
                ) { args in
                    let value = try receiver(args)
                    try value.showingProgress(args.interpreter) { try value.run.runEpoch() }
                    try value.reportInterrupt(args, continuing: "epoch()")
                    return value.run.history.epochs.last.map { termsValue($0.terms) } ?? .nil
                },
                NativeFunction(
                    "until", [Parameter("epoch", keywordOnly: false)],
                    doc: "Trains until `epoch` is finished, or a pause; returns true when it got there."
                ) { args in
                    let value = try receiver(args)
                    let last = try args.integer(0)
                    let arrived = try value.showingProgress(args.interpreter) { try value.run.run(untilEpoch: last) }
                    try value.reportInterrupt(args, continuing: "until(epoch: \(last))")
                    return .bool(arrived)
                },
                NativeFunction(
                    "pause_when", [Parameter("condition")],
                    doc: "Pauses `until`/`epoch` after a step whose terms meet a condition such as \"loss_kd > 5\"."
                ) { args in
                    let value = try receiver(args)
                    try value.setPauseCondition(try args.string(0))
                    return .nil
                },
                NativeFunction(
                    "save", [Parameter("path", default: .nil)],
                    doc:
                        "Without a path: the student checkpoint in the run folder. With one: the resumable run, as save(run, path). Returns the path."
                ) { args in
                    let value = try receiver(args)
                    guard case .string(let path) = args[0] else {
                        return try value.run.saveCheckpoint().map { .string($0.path) } ?? .nil
                    }
                    let url = TrainingFunctions.checkpointURL(path)
                    try value.writeCheckpoint(to: url)
                    return .string(url.path)
                },
            ])
    }

    /// After a training call that Ctrl-C stopped: ends the input with where the run stopped and
    /// the call that continues it, `interrupted at epoch 2, step 13/20; run.epoch() continues`
    /// (naming the variable that holds the run, and `airs resume` when it has a run folder).
    func reportInterrupt(_ args: Arguments, continuing call: String) throws {
        guard run.isInterrupted, let reason = run.pauseReason else { return }
        let interpreter = args.interpreter
        let name =
            interpreter.variableNames.first { name in
                if case .host(let object)? = interpreter.global(name) { return object === self }
                return false
            } ?? "run"
        let resume = run.folder.map { " (from the command line: airs resume \($0.url.path))" } ?? ""
        throw ScriptError(.interrupted, "\(reason); \(name).\(call) continues\(resume)")
    }

    /// Runs `body` with its progress shown: through the interpreter's `showProgress` when a front
    /// end (a notebook kernel) set it, otherwise as the progress line `airs train` shows (on a
    /// terminal only), left standing when `body` returns or fails.
    func showingProgress<T>(_ interpreter: Interpreter, _ body: () throws -> T) throws -> T {
        if let show = interpreter.showProgress {
            let progress = EpochProgress(show: show)
            run.observer = progress
            defer { run.observer = nil }
            return try withExtendedLifetime(progress) { try body() }
        }
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
        guard parts.count == 3, ["<", "<=", ">", ">=", "==", "!="].contains(parts[1]), let threshold = Double(parts[2])
        else {
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
