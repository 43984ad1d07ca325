import Checkpoints
import Datasets
import Distillers
import Foundation
import Models
import TensorEngine

extension TrainingRun {
    /// One optimisation step (spec/training.md §2.1–§2.2). Closes the current epoch first
    /// when it has no steps left. Returns the terms `loss_ce`, `loss_triplet`, `loss_kd`,
    /// `loss` and `acc`. A non-finite loss skips the optimizer step and sets `pauseReason`
    /// (or, with `skipsNonFiniteSteps`, is counted in `skippedSteps`). Throws
    /// `TrainingError.pastLastEpoch` once the last epoch is closed, and on any other failure
    /// keeps the last completed step resumable (see `keepingResumable`).
    @discardableResult
    public func step() throws -> [String: Double] {
        try keepingResumable { try takeStep() }
    }

    func takeStep() throws -> [String: Double] {
        if stepInEpoch >= stepsPerEpoch { try finishEpoch() }
        guard epoch <= maxEpochs else {
            throw TrainingError.pastLastEpoch(maxEpochs: maxEpochs, requested: nil)
        }
        if studentStream == nil { startEpoch(firstBatch: stepInEpoch) }
        let loading = StepProfile.Reading.now
        guard let studentBatch = try studentStream?.next() else {
            throw TrainingError.invalidSetting(
                key: "SOLVER.IMS_PER_BATCH", value: "\(studentLoader.settings.batchSize)",
                message: "the student loader produced no batch for epoch \(epoch)")
        }
        var distillationBatch: DistillationBatch?
        if distillationLoader != nil {
            distillationBatch = try distillationStream?.next()
            guard distillationBatch != nil else {
                throw TrainingError.invalidSetting(
                    key: "SOLVER.IMS_DISTILLATION_PER_BATCH", value: "\(distillationLoader?.settings.batchSize ?? 0)",
                    message: "the distillation loader produced no batch for epoch \(epoch)")
            }
        }
        profile.add(.loader, since: loading)
        let terms = try optimise(
            images: studentBatch.images, labels: studentBatch.pids, distillation: distillationBatch)
        stepInEpoch += 1
        observer?.runDidStep(self, terms: terms)
        return terms
    }

    /// Forward, losses, backward and (for a finite loss) an optimizer step on the given batches:
    /// this rank's shares of the global batches (the whole batches on one process), in rank
    /// order. Public so tests and scripts can train on a fixed batch.
    @discardableResult
    public func optimise(images: Tensor, labels: [Int], distillation: DistillationBatch? = nil) throws -> [String:
        Double]
    {
        let exchangedBefore = (group as? MeteredProcessGroup)?.tallies ?? [:]
        defer {
            profile.steps += 1
            profile.addExchange(from: exchangedBefore, to: (group as? MeteredProcessGroup)?.tallies ?? [:])
        }
        // A skipped step must not leave NaN in the BatchNorm running statistics either.
        let savedBuffers = skipsNonFiniteSteps ? student.namedBuffers().map { $0.buffer.value } : []
        let (terms, nonFinite) = try backpropagate(images: images, labels: labels, distillation: distillation)
        if let term = nonFinite {
            let what =
                "the loss term \(term) became \(terms[term] ?? .nan) at epoch \(epoch), step \(stepInEpoch + 1)"
            if skipsNonFiniteSteps {
                for ((_, buffer), value) in zip(student.namedBuffers(), savedBuffers) { buffer.value = value }
                skippedSteps += 1
                folder?.log("skipped step: \(what) (SOLVER.SKIP_NONFINITE_STEPS); \(skippedSteps) skipped so far")
            } else {
                pauseReason =
                    "\(what); no optimizer step was taken and the last checkpoint is the last good state. "
                    + "Lower SOLVER.BASE_LR, or set SOLVER.SKIP_NONFINITE_STEPS True to skip such steps"
            }
        } else {
            try timed(.optimizer) { try optimizer.step() }
            meter.add(terms)
        }
        history.appendStep(.init(epoch: epoch, step: stepInEpoch + 1, learningRate: learningRate, terms: terms))
        folder?.appendLoss(LossHistory.jsonLine(history.steps[history.steps.count - 1], kind: "step"))
        return terms
    }

    /// Forward, losses and, for a finite loss, backward on the given batches: the step's terms
    /// (`loss_ce`, …, `loss`, `acc`), with every parameter's gradient summed over the ranks and
    /// in its parameter's precision, ready for the optimizer; or, for a non-finite loss, the
    /// first term that is not finite (`loss` when the named terms are), and no gradients.
    func backpropagate(images: Tensor, labels: [Int], distillation: DistillationBatch?) throws -> (
        terms: [String: Double], nonFinite: String?
    ) {
        optimizer.zeroGradients()
        let batch = try timed(.forward) {
            try Tensor.withSplitInvariantGradients(reproducible) {
                try forwardGlobalBatch(images: images, labels: labels, distillation: distillation)
            }
        }
        // Every rank computes the same losses on the global batch, with the same generator state.
        let (losses, total, terms) = try timed(.losses) {
            let losses = try Tensor.withSplitInvariantGradients(reproducible) {
                try distiller.losses(
                    student: batch.student, targets: batch.labels, distillationStudent: batch.distillationStudent,
                    teacher: batch.teacher, distillationTargets: batch.distillationLabels, generator: &generator)
            }
            let total = try losses.total()
            var terms: [String: Double] = [:]
            for (name, value) in losses.named { terms[name] = try value.item() }
            terms["loss"] = try total.item()
            let predicted = try batch.student.logits.argmax(axis: 1)
            terms["acc"] =
                Double(zip(predicted, batch.labels).filter { $0 == $1 }.count) / Double(max(batch.labels.count, 1))
            return (losses, total, terms)
        }
        guard terms["loss"]?.isFinite == true else {
            return (terms, losses.named.map { $0.name }.sorted().first { !(terms[$0]?.isFinite ?? false) } ?? "loss")
        }
        try timed(.backward) { try Tensor.withSplitInvariantGradients(reproducible) { try total.backward() } }
        try timed(.gradientSum) {
            try sumStudentGradients()
            try optimizer.roundGradientsToParameterPrecision()
        }
        return (terms, nil)
    }

    /// Runs `body` as `phase` of the step profile.
    private func timed<R>(_ phase: StepProfile.Phase, _ body: () throws -> R) rethrows -> R {
        let start = StepProfile.Reading.now
        defer { profile.add(phase, since: start) }
        return try body()
    }

    /// Runs the rest of the current epoch and closes it; throws `TrainingError.pastLastEpoch`
    /// when the last epoch is already closed.
    public func runEpoch() throws {
        guard epoch <= maxEpochs else {
            throw TrainingError.pastLastEpoch(maxEpochs: maxEpochs, requested: nil)
        }
        try run(untilEpoch: epoch)
    }

    /// Trains until epoch `last` is closed, or until a pause: non-finite loss, the pause
    /// condition, or an interrupt (checked at step boundaries). Returns false when paused.
    /// Throws `TrainingError.pastLastEpoch` when `last` is past `SOLVER.MAX_EPOCHS`; on any
    /// other failure keeps the last completed step resumable (see `keepingResumable`).
    @discardableResult
    public func run(untilEpoch last: Int) throws -> Bool {
        guard last <= maxEpochs else {
            throw TrainingError.pastLastEpoch(maxEpochs: maxEpochs, requested: last)
        }
        return try keepingResumable { try train(untilEpoch: last) }
    }

    private func train(untilEpoch last: Int) throws -> Bool {
        pauseReason = nil
        if epoch == 1, stepInEpoch == 0, history.steps.isEmpty { try reportStart() }
        while epoch <= last {
            if try stopsForInterrupt() { return false }
            if stepInEpoch >= stepsPerEpoch {
                try finishEpoch()
                if epoch > maxEpochs { folder?.log(try endReport()) }
                continue
            }
            let terms = try takeStep()
            if pauseReason != nil { return false }
            if let pauseCondition, pauseCondition(self, terms) {
                pauseReason = "pause condition met at epoch \(epoch), step \(stepInEpoch)"
                return false
            }
        }
        return true
    }

    /// Asks `run` to stop at the next step boundary after writing `last.safetensors`, as
    /// Ctrl-C (`InterruptFlag`) does, without touching the process-wide flag.
    public func requestInterrupt() { interruptPending = true }

    /// At a step boundary: when Ctrl-C or `requestInterrupt()` asked the run to stop, writes
    /// `last.safetensors` (with a run folder), sets `pauseReason` to where it stopped
    /// (`interrupted at epoch 2, step 13/20`) and returns true.
    /// Over several ranks every rank stops at the same boundary when any of them was asked.
    public func stopsForInterrupt() throws -> Bool {
        var requested = InterruptFlag.isRequested || interruptPending
        if group.size > 1 {
            // Ctrl-C on mpirun reaches the ranks at different moments; one more step on some
            // ranks only would leave the others waiting in its collectives.
            var votes = [requested ? 1.0 : 0.0]
            try votes.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
            requested = votes[0] > 0
        }
        guard requested else { return false }
        InterruptFlag.clear()
        interruptPending = false
        pauseReason = Self.interruptedPrefix + "epoch \(epoch), step \(stepInEpoch)/\(stepsPerEpoch)"
        try saveResumeState()
        return true
    }

    /// Whether the last call stopped for an interrupt (then `pauseReason` says where).
    public var isInterrupted: Bool { pauseReason?.hasPrefix(Self.interruptedPrefix) == true }

    private static let interruptedPrefix = "interrupted at "

    /// Opens the loaders for the current epoch from batch `firstBatch` on (non-zero when resuming).
    func startEpoch(firstBatch: Int = 0) {
        optimizer.setLearningRateFactor(schedule.factor(completedSteps: epoch - 1))
        student.setTraining(true)
        for (_, module) in distiller.method.modules { module.setTraining(true) }
        teacher?.setTraining(false)
        if firstBatch == 0 { meter = LossMeter() }
        epochStart = Date()
        studentStream = studentLoader.epoch(epoch - 1, startingAt: firstBatch, shares: group.shares)
        distillationStream = distillationLoader?.epoch(epoch - 1, startingAt: firstBatch, shares: group.shares)
    }

    /// Logs the epoch line, records the epoch, writes a checkpoint (and evaluates) when due,
    /// and moves to the next epoch.
    func finishEpoch() throws {
        studentStream?.cancel()
        distillationStream?.cancel()
        studentStream = nil
        distillationStream = nil
        #if DEBUG
            try checkRanksAgree()
        #endif
        let elapsed = Date().timeIntervalSince(epochStart)
        timedSeconds += elapsed
        timedSteps += stepInEpoch
        let seconds = elapsed / Double(max(stepInEpoch, 1))
        let line = EpochLogLine(
            epoch: epoch, loss: meter.average("loss"), crossEntropy: meter.average("loss_ce"),
            triplet: meter.average("loss_triplet"), distillation: meter.average("loss_kd"),
            accuracy: meter.average("acc"), learningRate: learningRate, secondsPerBatch: seconds)
        let record = LossHistory.Record(
            epoch: epoch, step: stepInEpoch, learningRate: learningRate, terms: meter.averages)
        folder?.log(line.text)
        if skippedSteps > skippedBeforeEpoch {
            folder?.log(
                "Epoch[\(epoch)] skipped \(skippedSteps - skippedBeforeEpoch) non-finite steps (\(skippedSteps) in the run)"
            )
        }
        folder?.appendLoss(LossHistory.jsonLine(record, kind: "epoch"))
        observer?.runDidFinishEpoch(self, line: line)
        if epoch % checkpointPeriod == 0 || epoch == maxEpochs {
            try saveCheckpoint()
            if writesFolder, evaluatesAtCheckpoints {
                let result = try evaluate()
                folder?.log(result.report)
                try folder?.writeResults(result, skippedSteps: skippedSteps)
                lastEvaluation = result
                observer?.runDidEvaluate(self, result: result)
            }
        }
        // Recorded only now: a failed evaluation leaves the epoch open, so that the resumed run
        // closes it again (and evaluates) rather than recording it twice.
        history.appendEpoch(record)
        skippedBeforeEpoch = skippedSteps
        epoch += 1
        stepInEpoch = 0
        // The run now stands before the next epoch's first step: show (and save) that epoch's
        // rate, as a run restored from this point does.
        optimizer.setLearningRateFactor(schedule.factor(completedSteps: epoch - 1))
        try saveResumeStateInBackground()
    }
}
