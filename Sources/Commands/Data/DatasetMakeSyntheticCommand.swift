import ArgumentParser
import Datasets
import Foundation

/// `airs dataset make-synthetic --out DIR …`: writes the procedural retrieval dataset.
struct DatasetMakeSyntheticCommand: ParsableCommand {
    private typealias Defaults = SyntheticDataset.Defaults

    static let configuration = CommandConfiguration(
        commandName: "make-synthetic",
        abstract: "Write a synthetic CUB-layout dataset (train/ and test/).",
        discussion: """
            Writes DIR/train and DIR/test (CUB file naming; half the classes each). Point \
            DATASETS.ROOT_DIR at the parent of DIR when DIR is named CUB_200_2011. The defaults \
            are those of the script function synthetic().
            """)

    @Option(help: ArgumentHelp("The dataset folder to write.", valueName: "DIR"))
    var out: String

    @Option(help: "Classes in all (half train, half test).")
    var classes = Defaults.classes

    @Option(help: "Images per class.")
    var perClass = Defaults.perClass

    @Option(help: ArgumentHelp("Image side in pixels.", valueName: "PX"))
    var size = Defaults.size

    @Option(help: "The generator's seed (same seed, same files).")
    var seed = Defaults.seed

    func run() throws {
        try reportingFailures(of: "dataset make-synthetic") {
            let summary = try SyntheticDataset.write(
                to: URL(fileURLWithPath: out), classes: classes, perClass: perClass, size: size, seed: seed)
            print(
                "wrote \(out): train \(summary.trainImages) images / \(summary.trainClasses) classes, "
                    + "test \(summary.testImages) images / \(summary.testClasses) classes")
            return 0
        }
    }
}
