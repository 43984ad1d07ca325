import ArgumentParser
import Datasets
import Foundation

/// `airs dataset import-fashion-mnist --out DIR [--source DIR] [--split NAME]`.
struct DatasetImportFashionMNISTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-fashion-mnist",
        abstract: "Convert Fashion-MNIST (Debian dataset-fashion-mnist) into a retrieval dataset folder.",
        discussion: """
            Writes DIR/train and DIR/test as JPEG files. --split unseen-classes: train on classes \
            0-4, test on 5-9; held-out-images: train and test on all ten classes (test-set images).
            """)

    @Option(help: ArgumentHelp("The dataset folder to write.", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("The folder of the Fashion-MNIST idx files.", valueName: "DIR"))
    var source = FashionMNISTImporter.defaultSource.path

    @Option(help: "The protocol: unseen-classes or held-out-images.")
    var split = FashionMNISTImporter.Split.unseenClasses

    func run() throws {
        try reportingFailures(of: "dataset import-fashion-mnist") {
            let summary = try FashionMNISTImporter.importDataset(
                from: URL(fileURLWithPath: source), to: URL(fileURLWithPath: out), split: split)
            print("wrote \(out): train \(summary.trainImages) images, test \(summary.testImages) images")
            return 0
        }
    }
}

extension FashionMNISTImporter.Split: ExpressibleByArgument {}
