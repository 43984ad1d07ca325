import Foundation

extension RetrievalDataset {
    /// Reads a list-file dataset (format in `Sources/Datasets/README.md`): one image per line,
    /// `<path> <class id> [camera id] <split>`, split one of `train`, `query`, `gallery`, `test`.
    ///
    /// Relative paths are resolved against the list file's folder. Without a camera id, a `test`
    /// image goes to query and gallery with a per-image camera id (only the query itself is
    /// excluded from its ranking, as on CUB); `query` images get camera 0, `gallery` images 1,
    /// `train` images 0. Train class ids are remapped to ranks as upstream does.
    public static func readList(at url: URL) throws -> RetrievalDataset {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DatasetError.unreadableFile(
                path: url.path, reason: "cannot read the list file (\(error.localizedDescription))")
        }
        let base = url.deletingLastPathComponent()
        var train: [ImageRecord] = []
        var query: [ImageRecord] = []
        var gallery: [ImageRecord] = []
        var testIndex = 0
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if fields.isEmpty { continue }
            let lineNumber = offset + 1
            func fail(_ message: String) -> DatasetError {
                DatasetError.badListFile(path: url.path, line: lineNumber, message: message)
            }
            guard fields.count == 3 || fields.count == 4 else {
                throw fail("expected 3 or 4 fields, found \(fields.count)")
            }
            guard let pid = Int(fields[1]) else { throw fail("class id '\(fields[1])' is not an integer") }
            var camera: Int?
            if fields.count == 4 {
                guard let value = Int(fields[2]) else { throw fail("camera id '\(fields[2])' is not an integer") }
                camera = value
            }
            let path = fields[0].hasPrefix("/") ? fields[0] : base.appendingPathComponent(fields[0]).path
            switch fields[fields.count - 1] {
            case "train":
                train.append(ImageRecord(path: path, pid: pid, camid: camera ?? 0))
            case "query":
                query.append(ImageRecord(path: path, pid: pid, camid: camera ?? 0))
            case "gallery":
                gallery.append(ImageRecord(path: path, pid: pid, camid: camera ?? 1))
            case "test":
                let record = ImageRecord(path: path, pid: pid, camid: camera ?? testIndex)
                testIndex += 1
                query.append(record)
                gallery.append(record)
            case let other:
                throw fail("unknown split '\(other)' (use train, query, gallery or test)")
            }
        }
        for (split, records) in [("train", train), ("query", query), ("gallery", gallery)] where records.isEmpty {
            throw DatasetError.badListFile(path: url.path, line: 0, message: "no \(split) images listed")
        }
        return RetrievalDataset(name: url.lastPathComponent, rawTrain: train, query: query, gallery: gallery)
    }

    /// The dataset as list-file text with explicit camera ids (train labels as remapped);
    /// `readList` of the written text gives back an equal dataset.
    public func listFileText() -> String {
        var lines = ["# path class camera split"]
        for (split, records) in [("train", train), ("query", query), ("gallery", gallery)] {
            lines += records.map { "\($0.path) \($0.pid) \($0.camid) \(split)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
