import Datasets
import Foundation
import TestSupport
import Testing

/// `airs train` alone and as two ranks under `mpirun` on the same config: the run of two ranks
/// must be the single-process run (issue #17). Small on purpose: MobileNetV3-Small at 32 px on
/// a synthetic dataset of 6 training classes, 20 steps of 8 images (4 epochs of 5), a random
/// ResNet18 teacher at 32 px for D3 and RKD.
///
/// Every run sets `EXPERIMENT.REPRODUCIBLE`: the weight gradients are summed over the batch in
/// Double, so their rounding no longer depends on how the batch is split. Without it float
/// rounding alone set the runs apart within a few steps, and a discrete choice amplified it:
/// measured (7 Dec, the Vanilla config with 12 steps an epoch) one process on 2 threads against
/// 1 thread, and two ranks against one process, agreed to 2e-6 for 4 steps and then departed
/// by 4e-4, 8e-3 and 0.2 by steps 5, 9 and 11 (batch-hard mining meeting near-ties); RKD by
/// 8e-4 at step 3, and D3's mAP by 3 points.
@Suite(.serialized) struct DataParallelTrainingTests {
    /// The dataset folder (holding `CUB_200_2011/`) and the built `airs`.
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

    /// The steps compared, the 20: 4 epochs of 5 steps.
    static let comparedSteps = 20
    static let epochs = "4"

    /// A ResNet18 teacher with seeded random weights (its batch norms at their initial
    /// statistics), written by `airs -c`: the distillers need a teacher whose embeddings differ
    /// from image to image, not a trained one.
    static let teacher: Result<URL, Error> = Result {
        let folder = try #require(Self.root)
        let file = folder.appendingPathComponent("teacher.safetensors")
        let outcome = try ChildJob.run(
            ranks: nil, executable: builtExecutable("airs"),
            arguments: ["-c", "model(\"ResNet18\", classes: 6, seed: 7).save(\"\(file.path)\")"], in: folder,
            timeout: 120)
        try #require(outcome.status == 0, "writing the teacher failed: \(outcome.error)")
        return file
    }

    /// The single-process Vanilla run, compared with its two-rank twin.
    static let vanilla: Result<URL, Error> = Result {
        try train("Vanilla/Vanilla_MobileNetV3_Small_32x32.yaml", name: "vanilla-1", ranks: nil, [])
    }

    /// The built `airs` and `train --cfg Configs/Synthetic/CONFIG` writing run folder `name`.
    static func command(_ config: String, name: String, _ overrides: [String]) throws -> (URL, [String]) {
        let root = try #require(root)
        let airs = builtExecutable("airs")
        try #require(
            FileManager.default.isExecutableFile(atPath: airs.path),
            "missing \(airs.path); build all targets with `swift build --build-tests`")
        try #require(ChildJob.mpirunIsAvailable, "mpirun is missing: bash Scripts/install-dependencies.sh installs it")
        let file = packageRoot().appendingPathComponent("Configs/Synthetic/\(config)").path
        let settings = [
            "DATASETS.ROOT_DIR", root.path, "OUTPUT_DIR.ROOT_PATH", root.appendingPathComponent("out").path,
            "OUTPUT_DIR.EXPERIMENT_NAME", name, "SOLVER.MAX_EPOCHS", epochs, "SOLVER.CHECKPOINT_PERIOD", epochs,
            "SOLVER.EVAL_PERIOD", epochs, "SOLVER.IMS_PER_BATCH", "8", "SOLVER.IMS_DISTILLATION_PER_BATCH", "8",
            "DATALOADER.NUM_INSTANCE", "2", "DATALOADER.NUM_WORKERS", "1", "TEST.IMS_PER_BATCH", "40",
            "EXPERIMENT.REPRODUCIBLE", "True",
        ]
        return (airs, ["train", "--cfg", file, "--threads", "1"] + settings + overrides)
    }

    /// `airs train` as `ranks` ranks (nil: alone) to its end; the run folder.
    static func train(_ config: String, name: String, ranks: Int?, _ overrides: [String]) throws -> URL {
        let root = try #require(root)
        let (airs, arguments) = try command(config, name: name, overrides)
        let outcome = try ChildJob.run(ranks: ranks, executable: airs, arguments: arguments, in: root, timeout: 300)
        try #require(outcome.status == 0 && !outcome.timedOut, "airs train \(name) failed: \(outcome.error)")
        return root.appendingPathComponent("out/\(name)")
    }

    /// The `kind: step` records of `losses.jsonl`.
    static func steps(_ folder: URL) throws -> [[String: Double]] {
        let text = try String(contentsOf: folder.appendingPathComponent("losses.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").compactMap { line in
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard record["kind"] as? String == "step" else { return nil }
            return record.compactMapValues { $0 as? Double }
        }
    }

    /// The first 20 steps' losses within 1e-4 relative, and the final mAP within 0.5 points.
    static func expectSameRun(_ single: URL, _ parallel: URL) throws {
        let one = try steps(single)
        let two = try steps(parallel)
        try #require(
            one.count >= comparedSteps && two.count == one.count, "steps: \(one.count) alone, \(two.count) on two ranks"
        )
        for (step, (a, b)) in zip(one, two).prefix(comparedSteps).enumerated() {
            #expect(Set(a.keys) == Set(b.keys))
            for (key, value) in a where key.hasPrefix("loss") {
                let other = b[key] ?? .nan
                #expect(
                    abs(value - other) <= 1e-4 * max(abs(value), abs(other)) + 1e-7,
                    "step \(step + 1) \(key): \(value) alone, \(other) on two ranks")
            }
        }
        func mAP(_ folder: URL) throws -> Double {
            let data = try Data(contentsOf: folder.appendingPathComponent("results.json"))
            let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require(results["mAP"] as? Double)
        }
        let (a, b) = (try mAP(single), try mAP(parallel))
        #expect(abs(a - b) * 100 <= 0.5, "mAP \(a) alone, \(b) on two ranks")
    }

    @Test func vanillaOnTwoRanksIsTheSingleProcessRun() throws {
        let parallel = try Self.train(
            "Vanilla/Vanilla_MobileNetV3_Small_32x32.yaml", name: "vanilla-2", ranks: 2, [])
        try Self.expectSameRun(try Self.vanilla.get(), parallel)
    }

    /// D3 (top-k of the teacher's similarities) and RKD (distances and angles over the whole
    /// batch) from the random ResNet18 teacher at 32 px.
    @Test(arguments: ["D3", "RKD"])
    func distillationOnTwoRanksIsTheSingleProcessRun(method: String) throws {
        let config = "ResNet18_64x64_MobileNetV3_32x32/\(method).yaml"
        let settings = [
            "DISTILLER.TEACHER_MODEL_PATH", try Self.teacher.get().path, "INPUT.TEACHER_SIZE_TRAIN", "[32, 32]",
            "INPUT.TEACHER_SIZE_TEST", "[32, 32]", "INPUT.TEACHER_PADDING", "1", "D3.TOPK", "4",
        ]
        let single = try Self.train(config, name: "\(method)-1", ranks: nil, settings)
        let parallel = try Self.train(config, name: "\(method)-2", ranks: 2, settings)
        try Self.expectSameRun(single, parallel)
    }

    @Test func killingOneRankEndsTheJobAndTheLastCheckpointResumesOnOneRank() throws {
        let root = try #require(Self.root)
        let (airs, arguments) = try Self.command(
            "Vanilla/Vanilla_MobileNetV3_Small_32x32.yaml", name: "killed",
            ["SOLVER.MAX_EPOCHS", "3", "SOLVER.CHECKPOINT_PERIOD", "1", "SOLVER.EVAL_PERIOD", "1"])
        let folder = root.appendingPathComponent("out/killed")
        let job = try ChildJob(ranks: 2, executable: airs, arguments: arguments, in: root)
        // Strike in the second epoch, after the first epoch's checkpoint.
        let deadline = Date().addingTimeInterval(240)
        while job.process.isRunning, Date() < deadline,
            (try? Self.steps(folder))?.contains(where: { $0["epoch"] == 2 }) != true
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let ranks = job.rankProcesses
        try #require(ranks.count == 2, "the ranks of mpirun: \(ranks)")
        kill(ranks[1], SIGKILL)
        let outcome = try job.wait(timeout: 60)
        #expect(!outcome.timedOut, "the other rank was left waiting")
        #expect(outcome.status != 0)
        #expect(outcome.error.contains("rank 1") && outcome.error.contains("signal 9"), "\(outcome.error)")

        let resumed = try ChildJob.run(
            ranks: nil, executable: airs, arguments: ["resume", folder.path, "--threads", "1"], in: root, timeout: 300)
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.output.contains("resuming MobileNetV3_Small (NONE) at epoch 2, step 0"), "\(resumed.output)")
        #expect(try Self.steps(folder).last?["epoch"] == 3)
    }

    /// Ctrl-C on `mpirun`: Open MPI 4 sends the ranks SIGTERM `odls_base_sigkill_timeout` seconds
    /// later (default 1) and SIGKILL as long again after that. The ranks take SIGTERM as Ctrl-C,
    /// agree to stop at the next step boundary, rank 0 writes the resume state and the job ends
    /// saying where it stopped; one process then resumes from that step. The timeout is 5 s
    /// here: a debug build's step takes 0.3 s on a quiet 2-core machine, but up to 3 s loaded.
    @Test func ctrlCOnMpirunStopsAtAStepThatResumesOnOneRank() throws {
        let root = try #require(Self.root)
        let (airs, arguments) = try Self.command(
            "Vanilla/Vanilla_MobileNetV3_Small_32x32.yaml", name: "interrupted",
            ["SOLVER.MAX_EPOCHS", "4", "SOLVER.CHECKPOINT_PERIOD", "4", "SOLVER.EVAL_PERIOD", "4"])
        let folder = root.appendingPathComponent("out/interrupted")
        let job = try ChildJob(
            ranks: 2, executable: airs, arguments: arguments, in: root,
            environment: ["OMPI_MCA_odls_base_sigkill_timeout": "5"])
        let deadline = Date().addingTimeInterval(240)
        while job.process.isRunning, Date() < deadline,
            (try? Self.steps(folder))?.contains(where: { $0["epoch"] == 2 }) != true
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(job.process.processIdentifier, SIGINT)
        let outcome = try job.wait(timeout: 60)
        #expect(!outcome.timedOut)
        #expect(outcome.status != 0)
        let stop = try #require(
            outcome.error.firstMatch(of: /airs train: stopped: interrupted at epoch (\d+), step (\d+)\/\d+/),
            "\(outcome.error)")
        #expect(outcome.error.contains("continue with: airs resume \(folder.path)"), "\(outcome.error)")
        #expect(outcome.error.contains("airs train: Ctrl-C (SIGTERM from mpirun): stopping at the next step boundary"))
        let done = try Self.steps(folder)
        let (epoch, step) = (Int(stop.1) ?? 0, Int(stop.2) ?? 0)
        #expect(done.count(where: { $0["epoch"] == Double(epoch) }) == step, "the steps logged before the stop")

        let resumed = try ChildJob.run(
            ranks: nil, executable: airs, arguments: ["resume", folder.path, "--threads", "1"], in: root, timeout: 300)
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(
            resumed.output.contains("resuming MobileNetV3_Small (NONE) at epoch \(epoch), step \(step)"),
            "\(resumed.output)")
        #expect(try Self.steps(folder).last?["epoch"] == 4)
    }
}
