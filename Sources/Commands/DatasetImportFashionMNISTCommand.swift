import Datasets
import Foundation

/// `airs dataset import-fashion-mnist --out DIR [--source DIR] [--split NAME]`: converts Fashion-MNIST.
public struct DatasetImportFashionMNISTCommand: Command {
    /// Creates the command.
    public init() {}
    /// The command name.
    public var name: String { "dataset import-fashion-mnist" }
    /// One line for the overview.
    public var summary: String { "convert Fashion-MNIST into a retrieval dataset folder" }
    /// The full usage text.
    public var usage: String {
        """
        usage: airs dataset import-fashion-mnist --out DIR [--source DIR] [--split unseen-classes|held-out-images]
          Reads the Fashion-MNIST idx files from --source (default \(FashionMNISTImporter.defaultSource.path))
          and writes DIR/train and DIR/test as JPEG files. --split unseen-classes (default): train on
          classes 0-4, test on 5-9; held-out-images: train and test on all ten classes (test-set images).
        """
    }

    /// Runs the command.
    public func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments)
        let out = try parsed.required("out")
        let source = parsed.option("source").map { URL(fileURLWithPath: $0) } ?? FashionMNISTImporter.defaultSource
        let split = try Self.split(parsed.option("split"))
        let summary = try FashionMNISTImporter.importDataset(from: source, to: URL(fileURLWithPath: out), split: split)
        print("wrote \(out): train \(summary.trainImages) images, test \(summary.testImages) images")
        return 0
    }

    /// The `--split` value, default `unseen-classes`.
    static func split(_ value: String?) throws -> FashionMNISTImporter.Split {
        guard let value else { return .unseenClasses }
        guard let split = FashionMNISTImporter.Split(rawValue: value) else {
            throw UsageError("--split: unknown protocol '\(value)'; expected one of " +
                FashionMNISTImporter.Split.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return split
    }
}
