import Foundation

extension TrainingPlan {
    /// The plan as `airs train --plan` prints it: one section per part of the run, and one
    /// line per epoch for the learning rate.
    public func render() -> String {
        var lines = ["Plan (nothing is trained or written)", "", "Networks"]
        for network in networks {
            lines.append(
                "  \(network.role) \(network.name): input \(size(network.trainSize)) "
                    + "(test \(size(network.testSize))), last stride \(network.lastStride), "
                    + "\(grouped(network.parameterCount)) parameters, weights: \(network.weights)")
        }
        if !classesKnown {
            lines.append("  (classifiers sized for 1 identity: the dataset was not read)")
        }
        if networks.contains(where: { $0.role == "teacher" }) {
            lines.append(
                "  teacher arithmetic (EXPERIMENT.TEACHER_PRECISION): \(setting("EXPERIMENT.TEACHER_PRECISION"))")
        }
        lines.append(
            "  split-invariant gradients, sums in Double (EXPERIMENT.REPRODUCIBLE): "
                + ((try? config.bool("EXPERIMENT.REPRODUCIBLE")).map { $0 ? "True" : "False" } ?? "?"))
        lines +=
            ["", "Optimizer \(optimizerText)"]
            + groups.map {
                "  lr \(scientific($0.learningRate)), weight decay \(scientific($0.weightDecay)): "
                    + "\($0.tensors) tensor\($0.tensors == 1 ? "" : "s")"
            }
        lines += ["", "Schedule \(scheduleText)", "  epoch  lr"]
        lines += learningRates.enumerated().map {
            String(format: "  %5d  %.4e", $0.offset + 1, $0.element)
        }
        lines += ["", "Loaders"] + loaderLines
        lines += [
            "", "Distiller \(distiller.type)", "  method: \(distiller.method)",
            "  losses: \(distiller.losses)",
        ]
        if methodParameterCount > 0 {
            lines.append(
                "  method modules: \(grouped(methodParameterCount)) parameters, "
                    + "trained with the student"
            )
        }
        let reranking =
            test.reRanking ? "k-reciprocal re-ranking \(test.reRankingParameters)" : "no re-ranking"
        lines += [
            "", "Evaluation (after epochs divisible by \(solver.checkpointPeriod), and the last)",
            "  \(test.testMetric) distance, \(reranking) (parameters \(test.reRankingParameters)), "
                + "batch \(test.imagesPerBatch)",
        ]
        lines += [
            "", "Output \(outputFolder.path)",
            "  seed \(solver.seed); a non-finite loss "
                + (solver.skipNonFiniteSteps ? "skips its step" : "stops the run"),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    var optimizerText: String {
        switch optimizer {
        case .sgd: "SGD (momentum \(momentum), coupled weight decay)"
        case .adam: "Adam (β 0.9/0.999, eps 1e-8, coupled weight decay)"
        case .adamW: "AdamW (β 0.9/0.999, eps 1e-8, decoupled weight decay)"
        }
    }

    var scheduleText: String {
        let warmup =
            "\(solver.lrWarmupMethod) warmup over \(solver.lrWarmupEpochs) epochs from "
            + "×\(solver.lrWarmupFactor)"
        switch schedule {
        case .cosine:
            return
                "\(schedule.rawValue): \(warmup), flat to epoch \(solver.lrDecaySteps.first ?? 0), "
                + "cosine to \(scientific(solver.lrDecayEtaMinLR)) at epoch \(solver.maxEpochs)"
        case .multiStep:
            return
                "\(schedule.rawValue): \(warmup), ×\(solver.lrDecayGamma) "
                + "after epochs \(solver.lrDecaySteps)"
        }
    }

    /// A string key's value as the config holds it.
    private func setting(_ key: String) -> String {
        (try? config.string(key)) ?? "?"
    }

    var loaderLines: [String] {
        var lines: [String]
        switch dataset {
        case .success(let statistics):
            lines = ["  dataset:"] + statistics.split(separator: "\n").map { "  \($0)" }
        case .failure(let error): lines = ["  dataset not read: \(error)"]
        }
        lines.append("  images failing the check (DATASETS.BAD_IMAGES): \(setting("DATASETS.BAD_IMAGES"))")
        lines.append("  normalisation: mean \(normalization.mean), std \(normalization.std)")
        for loader in loaders {
            let identities =
                loader.instances.map { " (\(loader.batchSize / max($0, 1)) identities × \($0))" }
                ?? ""
            let batches = loader.batchesPerEpoch.map { ", \($0) batches per epoch" } ?? ""
            lines.append(
                "  \(loader.role): batch \(loader.batchSize)\(identities)\(batches), "
                    + "\(loader.threads) thread\(loader.threads == 1 ? "" : "s")")
            lines += loader.transforms.map { "    transform \($0)" }
        }
        if let loaderProblem { lines.append("  loaders cannot be built: \(loaderProblem)") }
        lines.append(
            "  steps per epoch: "
                + (stepsPerEpoch.map(String.init) ?? "unknown until the dataset is read"))
        return lines
    }

    func size(_ hw: [Int]) -> String { hw.map(String.init).joined(separator: "×") }

    func scientific(_ value: Double) -> String { String(format: "%.2e", value) }

    /// `11,689,512`.
    func grouped(_ count: Int) -> String {
        let digits = String(count)
        return digits.enumerated().map { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? ",\(digit)" : "\(digit)"
        }.joined()
    }
}
