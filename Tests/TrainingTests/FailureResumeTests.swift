import Configuration
import Datasets
import Foundation
import Testing

@testable import Training

/// A failure after the first step leaves the run resumable, and damaged images are found when
/// the run is created. Each test damages its own copy of the fixture dataset.
@Suite struct FailureResumeTests {
    static func makeDataset(_ root: URL) throws {
        try SyntheticDataset.write(
            to: root.appendingPathComponent("CUB_200_2011"), classes: 8, perClass: 4, size: 32, seed: 7)
    }

    static func config(_ root: URL, _ overrides: [String]) throws -> Config {
        try Fixture.config(
            [
                "DATASETS.ROOT_DIR", root.path, "OUTPUT_DIR.ROOT_PATH", root.appendingPathComponent("out").path,
                "OUTPUT_DIR.EXPERIMENT_NAME", "run",
            ] + overrides)
    }

    /// Keeps the first half of each file: libjpeg then finds the data ending early.
    static func truncate(_ paths: [String]) throws {
        for path in paths {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        }
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("airs-failure-\(UUID().uuidString)")
    }

    /// A run of two epochs on a fresh dataset under `root` that checkpoints at its end, and its folder.
    static func twoEpochRun(_ root: URL) throws -> (TrainingRun, URL) {
        try makeDataset(root)
        let run = try TrainingRun(config: config(root, ["SOLVER.MAX_EPOCHS", "2", "SOLVER.CHECKPOINT_PERIOD", "2"]))
        return (run, try #require(run.folder).url)
    }

    @Test func aFailedEvaluationLeavesTheEpochResumable() throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeDataset(root)
        let run = try TrainingRun(config: Self.config(root, []))
        let folder = try #require(run.folder).url
        try Self.truncate(run.dataset.query.map(\.path))
        #expect {
            try run.run(untilEpoch: 1)
        } throws: { error in
            guard case .stopped(let underlying, let path, let epoch, let step) = error as? TrainingError else {
                return false
            }
            return underlying.contains("is truncated") && path == folder.path && epoch == 1 && step == 2
                && "\(error)".contains("airs resume \(folder.path)")
        }
        let log = try String(contentsOf: folder.appendingPathComponent("train_log.txt"), encoding: .utf8)
        #expect(log.contains("ERROR: ") && log.contains("is truncated"), "\(log)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.json").path))

        try Self.makeDataset(root)
        let resumed = try TrainingRun.resume(folder: folder)
        #expect(resumed.epoch == 1 && resumed.stepInEpoch == 2 && resumed.history.epochs.isEmpty)
        #expect(try resumed.run(untilEpoch: 1))
        #expect(resumed.history.epochs.count == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.json").path))
    }

    @Test func aFailedStepLeavesTheLastCompletedStepResumable() throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, folder) = try Self.twoEpochRun(root)
        try run.step()
        try Self.truncate(run.dataset.train.map(\.path))
        var stoppedAt: (epoch: Int, step: Int)?
        do {
            try run.run(untilEpoch: 2)
        } catch let TrainingError.stopped(_, _, epoch, step) {
            stoppedAt = (epoch, step)
        }
        // The next batch may have been decoded ahead, before the files were damaged.
        let at = try #require(stoppedAt)
        #expect(at.epoch >= 1 && at.step >= 1)
        try Self.makeDataset(root)
        let resumed = try TrainingRun.resume(folder: folder)
        #expect(resumed.lastCompletedStep.epoch == at.epoch && resumed.lastCompletedStep.step == at.step)
        #expect(resumed.history.steps.count == run.history.steps.count)
        #expect(try resumed.run(untilEpoch: 2))
    }

    /// `last.safetensors` is written on a background thread while the next epoch trains; its
    /// failure still stops the call that closed the epoch, naming the file.
    @Test func aFailedBackgroundWriteOfTheResumeStateIsReported() throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, folder) = try Self.twoEpochRun(root)
        // A non-empty folder where the file goes: the rename over it fails.
        let blocker = folder.appendingPathComponent(TrainingRun.resumeFileName)
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: blocker.appendingPathComponent("keep"))
        #expect {
            try run.run(untilEpoch: 1)
        } throws: { error in
            "\(error)".contains(blocker.path) && "\(error)".contains("renaming")
        }
        let log = try String(contentsOf: folder.appendingPathComponent("train_log.txt"), encoding: .utf8)
        #expect(log.contains("ERROR: ") && log.contains("could not be written either"), "\(log)")

        try FileManager.default.removeItem(at: blocker)
        #expect(try run.run(untilEpoch: 2))
        let saved = try TrainingRun.resume(folder: folder)
        #expect(saved.epoch == 3 && saved.history.epochs.count == 2)
    }

    @Test func badImagesStopBeforeTrainingOrAreSkippedAndCounted() throws {
        let root = Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeDataset(root)
        let clean = try TrainingRun(config: Self.config(root, []), writeFolder: false)
        let query = try #require(clean.dataset.query.first).path
        let train = try #require(clean.dataset.train.last).path
        try Self.truncate([query, train])
        #expect {
            _ = try TrainingRun(config: Self.config(root, []), writeFolder: false)
        } throws: { error in
            let text = "\(error)"
            return text.contains("2 images") && text.contains(query) && text.contains(train)
                && text.contains("truncated") && text.contains("DATASETS.BAD_IMAGES skip")
        }
        let skipping = try TrainingRun(config: Self.config(root, ["DATASETS.BAD_IMAGES", "skip"]))
        #expect(Set(skipping.droppedImages) == [query, train])
        #expect(skipping.dataset.query.count == clean.dataset.query.count - 1)
        #expect(skipping.dataset.train.count == clean.dataset.train.count - 1)
        let log = try String(
            contentsOf: try #require(skipping.folder).url.appendingPathComponent("train_log.txt"), encoding: .utf8)
        #expect(log.contains("left out 2 images"))
        #expect {
            _ = try TrainingRun(config: Self.config(root, ["DATASETS.BAD_IMAGES", "ignore"]), writeFolder: false)
        } throws: { error in
            "\(error)".contains("DATASETS.BAD_IMAGES") && "\(error)".contains("stop, skip")
        }
    }
}
