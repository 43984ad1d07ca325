import Datasets
import Foundation
import TestSupport
import Testing

/// What the data-parallel command tests share: a synthetic dataset of 6 training classes, a
/// random ResNet18 teacher, and `airs train` runs of MobileNetV3-Small at 32 px with 8 images a
/// step (5 steps an epoch), alone or as two ranks under `mpirun`. Small on purpose: a debug
/// build runs them.
enum DataParallelRuns {
    /// The dataset folder (holding `CUB_200_2011/`); runs write into its `out/`.
    static let root: URL? = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("airs-mpi-train-\(UUID().uuidString)")
        do {
            try SyntheticDataset.write(
                to: root.appendingPathComponent("CUB_200_2011"), classes: 12, perClass: 8, size: 32, seed: 11)
            return root
        } catch {
            return nil
        }
    }()

    /// A ResNet18 teacher with seeded random weights (its batch norms at their initial
    /// statistics), written by `airs -c`: the distillers need a teacher whose embeddings differ
    /// from image to image, not a trained one.
    static let teacher = AsyncOnce<URL> {
        let folder = try #require(root)
        let file = folder.appendingPathComponent("teacher.safetensors")
        let outcome = try await ChildJob.run(
            ranks: nil, executable: try airs(),
            arguments: ["-c", "model(\"ResNet18\", classes: 6, seed: 7).save(\"\(file.path)\")"], in: folder,
            timeout: 120)
        try #require(outcome.status == 0, "writing the teacher failed: \(outcome.error)")
        return file
    }

    /// The built `airs`, when `mpirun` is there too.
    static func airs() throws -> URL {
        let airs = builtExecutable("airs")
        try #require(
            FileManager.default.isExecutableFile(atPath: airs.path),
            "missing \(airs.path); build all targets with `swift build --build-tests`")
        try #require(ChildJob.mpirunIsAvailable, "mpirun is missing: bash Scripts/install-dependencies.sh installs it")
        return airs
    }

    /// The arguments of `airs train --cfg Configs/Synthetic/CONFIG` writing run folder `name`
    /// for `epochs` epochs, evaluating after the last; `overrides` come last.
    static func arguments(_ config: String, name: String, epochs: Int, _ overrides: [String]) throws -> [String] {
        let root = try #require(root)
        let file = packageRoot().appendingPathComponent("Configs/Synthetic/\(config)").path
        let settings = [
            "DATASETS.ROOT_DIR", root.path, "OUTPUT_DIR.ROOT_PATH", root.appendingPathComponent("out").path,
            "OUTPUT_DIR.EXPERIMENT_NAME", name, "SOLVER.MAX_EPOCHS", "\(epochs)", "SOLVER.CHECKPOINT_PERIOD",
            "\(epochs)", "SOLVER.EVAL_PERIOD", "\(epochs)", "SOLVER.IMS_PER_BATCH", "8",
            "SOLVER.IMS_DISTILLATION_PER_BATCH", "8", "DATALOADER.NUM_INSTANCE", "2", "DATALOADER.NUM_WORKERS", "1",
            "TEST.IMS_PER_BATCH", "40",
        ]
        return ["train", "--cfg", file, "--threads", "1"] + settings + overrides
    }

    /// The folder of run `name`.
    static func folder(_ name: String) throws -> URL {
        try #require(root).appendingPathComponent("out/\(name)")
    }

    /// `airs train` as `ranks` ranks (nil: alone) to its end, once the machine has the cores
    /// for it; the run folder.
    static func train(
        _ config: String, name: String, ranks: Int?, epochs: Int, _ overrides: [String]
    ) async throws -> URL {
        let (airs, root) = (try airs(), try #require(root))
        let arguments = try arguments(config, name: name, epochs: epochs, overrides)
        let outcome = try await CoreBudget.machine.lending(ranks ?? 1) {
            try await ChildJob.run(ranks: ranks, executable: airs, arguments: arguments, in: root, timeout: 300)
        }
        try #require(outcome.status == 0 && !outcome.timedOut, "airs train \(name) failed: \(outcome.error)")
        return try folder(name)
    }

    /// The `kind: step` records of `losses.jsonl`, in the order they were appended (a line
    /// still being written does not count).
    static func steps(_ folder: URL) -> [[String: Double]] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("losses.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                record["kind"] as? String == "step"
            else { return nil }
            return record.compactMapValues { $0 as? Double }
        }
    }

    /// Whether `steps` (records with `epoch` and `step`, from 1) are every step from the first
    /// to `stop`, each once and in order.
    static func expectEveryStep(_ steps: [[String: Double]], upTo stop: RunStop) {
        let points = steps.map { (Int($0["epoch"] ?? 0), Int($0["step"] ?? 0)) }
        for (index, (previous, next)) in zip([(1, 0)] + points, points).enumerated() {
            #expect(
                next == (previous.0, previous.1 + 1) || next == (previous.0 + 1, 1),
                "step record \(index + 1): epoch \(next.0), step \(next.1) after epoch \(previous.0), step \(previous.1)"
            )
        }
        let last = points.last ?? (1, 0)
        #expect(
            stop.step > 0 ? last == (stop.epoch, stop.step) : last.0 == stop.epoch - 1,
            "the last step logged, epoch \(last.0), step \(last.1), and the stop at \(stop)")
    }

    /// Every loss term of `one` and `two`, step by step, within 1e-4 relative.
    static func expectSameSteps(_ one: [[String: Double]], _ two: [[String: Double]], _ what: String) {
        for (step, (a, b)) in zip(one, two).enumerated() {
            #expect(Set(a.keys) == Set(b.keys))
            for (key, value) in a where key.hasPrefix("loss") {
                let other = b[key] ?? .nan
                #expect(
                    abs(value - other) <= 1e-4 * max(abs(value), abs(other)) + 1e-7,
                    "step \(step + 1) \(key): \(value) and \(other) (\(what))")
            }
        }
    }
}
