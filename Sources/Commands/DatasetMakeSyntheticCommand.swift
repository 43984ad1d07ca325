import Datasets
import Foundation

/// `airs dataset make-synthetic --out DIR …`: writes the synthetic retrieval dataset.
public struct DatasetMakeSyntheticCommand: Command {
    /// Creates the command.
    public init() {}
    /// The command name.
    public var name: String { "dataset make-synthetic" }
    /// One line for the overview.
    public var summary: String { "write a synthetic CUB-layout dataset (train/ and test/)" }
    /// The full usage text.
    public var usage: String {
        """
        usage: airs dataset make-synthetic --out DIR [--classes N] [--per-class K] [--size PX] [--seed S]
          Writes DIR/train and DIR/test (CUB file naming; half the classes each). Point
          DATASETS.ROOT_DIR at the parent of DIR when DIR is named CUB_200_2011.
          Defaults: 200 classes, 30 images per class, 256 px, seed 0.
        """
    }

    /// Runs the command.
    public func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments)
        let out = try parsed.required("out")
        let seed = try parsed.integer("seed", default: 0)
        guard seed >= 0 else { throw UsageError("--seed must not be negative, got \(seed)") }
        let summary = try SyntheticDataset.write(
            to: URL(fileURLWithPath: out), classes: parsed.integer("classes", default: 200),
            perClass: parsed.integer("per-class", default: 30), size: parsed.integer("size", default: 256), seed: UInt64(seed))
        print("wrote \(out): train \(summary.trainImages) images / \(summary.trainClasses) classes, "
              + "test \(summary.testImages) images / \(summary.testClasses) classes")
        return 0
    }
}
