import Datasets
import Foundation

/// `airs dataset import-fashion-mnist --out DIR [--source DIR]`: converts Fashion-MNIST.
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
        usage: airs dataset import-fashion-mnist --out DIR [--source DIR]
          Reads the Fashion-MNIST idx files from --source (default \(FashionMNISTImporter.defaultSource.path))
          and writes DIR/train and DIR/test as JPEG files.
        """
    }

    /// Runs the command.
    public func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments)
        let out = try parsed.required("out")
        let source = parsed.option("source").map { URL(fileURLWithPath: $0) } ?? FashionMNISTImporter.defaultSource
        let summary = try FashionMNISTImporter.importDataset(from: source, to: URL(fileURLWithPath: out))
        print("wrote \(out): train \(summary.trainImages) images, test \(summary.testImages) images")
        return 0
    }
}
