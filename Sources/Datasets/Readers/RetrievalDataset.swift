import Foundation

/// The train, query and gallery record lists of one retrieval benchmark.
public struct RetrievalDataset: Sendable, Equatable {
    /// Name shown in statistics (the config name or the list file).
    public var name: String
    /// Training images; `pid` is the remapped label in `0..<numClasses`.
    public var train: [ImageRecord]
    /// Query images with raw parsed ids.
    public var query: [ImageRecord]
    /// Gallery images with raw parsed ids.
    public var gallery: [ImageRecord]
    /// Number of distinct training identities.
    public var numClasses: Int

    /// Builds a dataset from raw train records (their pids are remapped here).
    public init(name: String, rawTrain: [ImageRecord], query: [ImageRecord], gallery: [ImageRecord]) {
        let (train, classes) = RetrievalDataset.relabel(rawTrain)
        self.name = name
        self.train = train
        self.query = query
        self.gallery = gallery
        self.numClasses = classes
    }

    /// Reads the benchmark `kind` from `<root>/<kind.directoryName>/` exactly as upstream does:
    /// ids from file names, sorted paths, train labels remapped to ranks of the sorted pids.
    public static func read(_ kind: DatasetKind, root: URL) throws -> RetrievalDataset {
        let base = root.appendingPathComponent(kind.directoryName)
        guard isDirectory(base) else {
            throw DatasetError.missingDirectory(path: base.path, expectedLayout: kind.expectedLayout)
        }
        let splits = kind.splitDirectories
        let train = try readSplit(kind, base.appendingPathComponent(splits.train), isGallery: false)
        let query = try readSplit(kind, base.appendingPathComponent(splits.query), isGallery: false)
        let gallery =
            kind.sharesTestSplit
            ? query : try readSplit(kind, base.appendingPathComponent(splits.gallery), isGallery: true)
        return RetrievalDataset(name: kind.rawValue, rawTrain: train, query: query, gallery: gallery)
    }

    /// Reads the dataset named `name` (`DATASETS.NAMES`) under `root` (`DATASETS.ROOT_DIR`).
    public static func read(name: String, root: URL) throws -> RetrievalDataset {
        try read(DatasetKind.named(name), root: root)
    }

    /// The statistics table upstream prints at load time (subset | #ids | #images | #cameras).
    public var statistics: String {
        func row(_ subset: String, _ records: [ImageRecord]) -> String {
            let ids = Set(records.map(\.pid)).count
            let cameras = Set(records.map(\.camid)).count
            return
                "  \(subset.padding(toLength: 8, withPad: " ", startingAt: 0)) | \(pad(ids)) | \(pad(records.count)) | \(pad(cameras))"
        }
        return [
            "Dataset statistics: \(name)",
            "  subset   |    # ids | # images | # cameras",
            "  ---------+----------+----------+----------",
            row("train", train), row("query", query), row("gallery", gallery),
        ].joined(separator: "\n")
    }

    private func pad(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }

    /// Train label = rank of the pid among the sorted distinct training pids (`spec/data.md` §1.1).
    static func relabel(_ records: [ImageRecord]) -> (records: [ImageRecord], classes: Int) {
        let pids = Set(records.map(\.pid)).sorted()
        let label = Dictionary(uniqueKeysWithValues: pids.enumerated().map { ($1, $0) })
        let remapped = records.map { ImageRecord(path: $0.path, pid: label[$0.pid] ?? 0, camid: $0.camid) }
        return (remapped, pids.count)
    }

    private static func readSplit(_ kind: DatasetKind, _ directory: URL, isGallery: Bool) throws -> [ImageRecord] {
        guard isDirectory(directory) else {
            throw DatasetError.missingDirectory(path: directory.path, expectedLayout: kind.expectedLayout)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw DatasetError.unreadableFile(path: directory.path, reason: error.localizedDescription)
        }
        let suffix = "." + kind.fileExtension
        var records: [ImageRecord] = []
        for name in names.filter({ $0.hasSuffix(suffix) && !$0.hasPrefix(".") }).sorted() {
            let path = directory.appendingPathComponent(name).path
            if let (pid, camid) = try kind.identify(fileName: name, path: path, isGallery: isGallery) {
                records.append(ImageRecord(path: path, pid: pid, camid: camid))
            }
        }
        guard !records.isEmpty else {
            throw DatasetError.emptySplit(path: directory.path, expectedLayout: kind.expectedLayout)
        }
        return records
    }

    static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
