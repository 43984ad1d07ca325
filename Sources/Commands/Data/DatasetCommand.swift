import ArgumentParser

/// `airs dataset …`: writes retrieval datasets that need no download.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Write retrieval datasets that need no download.",
        subcommands: [DatasetMakeSyntheticCommand.self, DatasetImportFashionMNISTCommand.self])
}
