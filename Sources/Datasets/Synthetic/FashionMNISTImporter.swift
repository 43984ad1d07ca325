import Foundation
import TensorEngine

/// Writes Fashion-MNIST (Debian package `dataset-fashion-mnist`) as a retrieval benchmark in
/// the CUB-200-2011 layout with one of two fixed protocols, so results are comparable across tools:
///
/// * `.unseenClasses` (the default, CUB's open-set protocol): train = the training-set images of
///   classes 0–4, test = the test-set images of classes 5–9;
/// * `.heldOutImages`: train = the training-set images of all ten classes, test = the test-set
///   images of all ten (closed-set retrieval of unseen images);
/// * query = gallery = test; the CUB reader's per-image camera id excludes only the query;
/// * file name `<class+1>_<imageIndex>.jpg`, imageIndex a running index from 0, unique across
///   the dataset (train first in file order, then test);
/// * every 28×28 grey image stored as an RGB JPEG of quality 95.
public enum FashionMNISTImporter {
    /// Where the Debian package installs the IDX files.
    public static let defaultSource = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")

    /// Which classes go to `train/` and which to `test/`.
    public enum Split: String, Sendable, CaseIterable {
        /// Train on classes 0–4, test on classes 5–9. With five training classes a student's
        /// alignment to the teacher does not carry over to the unseen five (README, method table).
        case unseenClasses = "unseen-classes"
        /// Train and test on all ten classes, test on the test-set images.
        case heldOutImages = "held-out-images"

        /// The classes whose training-set images go to `train/`.
        var trainClasses: ClosedRange<UInt8> { self == .unseenClasses ? 0...4 : 0...9 }
        /// The classes whose test-set images go to `test/`.
        var testClasses: ClosedRange<UInt8> { self == .unseenClasses ? 5...9 : 0...9 }
    }

    /// What `importDataset` wrote.
    public struct Summary: Sendable, Equatable {
        /// Images in `train/`.
        public var trainImages: Int
        /// Images in `test/`.
        public var testImages: Int
    }

    /// Reads the four IDX files (gzip-compressed or not) from `source` and writes
    /// `directory/train` and `directory/test`. Name `directory` `CUB_200_2011` to train on it
    /// with `DATASETS.NAMES CUB200`. With `perClass`, only the first `perClass` images of each
    /// class (in file order) go to each split: the method table's and the demo's small sets.
    @discardableResult
    public static func importDataset(
        from source: URL = defaultSource, to directory: URL, split: Split = .unseenClasses,
        perClass: Int? = nil
    ) throws -> Summary {
        let trainImages = try IDXFile.read(locate("train-images-idx3-ubyte", in: source))
        let trainLabels = try IDXFile.read(locate("train-labels-idx1-ubyte", in: source))
        let testImages = try IDXFile.read(locate("t10k-images-idx3-ubyte", in: source))
        let testLabels = try IDXFile.read(locate("t10k-labels-idx1-ubyte", in: source))
        for (images, labels) in [(trainImages, trainLabels), (testImages, testLabels)] {
            guard images.dimensions.count == 3, labels.dimensions.count == 1,
                images.dimensions[0] == labels.dimensions[0]
            else {
                throw DatasetError.badIDXFile(
                    path: images.path,
                    message:
                        "expected images [n, rows, columns] and labels [n], got \(images.dimensions) and \(labels.dimensions) (\(labels.path))"
                )
            }
        }
        var jobs: [(split: String, file: IDXFile, item: Int, label: Int)] = []
        var taken: [String: Int] = [:]
        func take(_ name: String, _ label: UInt8) -> Bool {
            taken["\(name) \(label)", default: 0] += 1
            return perClass.map { taken["\(name) \(label)", default: 0] <= $0 } ?? true
        }
        for item in 0..<trainLabels.dimensions[0] {
            let label = trainLabels.bytes[item]
            if split.trainClasses.contains(label), take("train", label) {
                jobs.append(("train", trainImages, item, Int(label)))
            }
        }
        for item in 0..<testLabels.dimensions[0] {
            let label = testLabels.bytes[item]
            if split.testClasses.contains(label), take("test", label) {
                jobs.append(("test", testImages, item, Int(label)))
            }
        }
        for split in ["train", "test"] { try SyntheticDataset.createDirectory(directory.appendingPathComponent(split)) }
        let failures = FailureBox()
        concurrentPerform(iterations: jobs.count) { index in
            let job = jobs[index]
            let rows = job.file.dimensions[1]
            let columns = job.file.dimensions[2]
            let plane = rows * columns
            let start = job.item * plane
            let grey = Array(job.file.bytes[start..<start + plane])
            var rgb = Image(width: columns, height: rows)
            for i in 0..<plane {
                rgb.pixels[3 * i] = grey[i]
                rgb.pixels[3 * i + 1] = grey[i]
                rgb.pixels[3 * i + 2] = grey[i]
            }
            let url = directory.appendingPathComponent(job.split).appendingPathComponent(
                "\(job.label + 1)_\(index).jpg")
            do { try ImageCodec.write(rgb, to: url, quality: 95) } catch { failures.record(error) }
        }
        if let error = failures.first { throw error }
        let train = jobs.filter { $0.split == "train" }.count
        return Summary(trainImages: train, testImages: jobs.count - train)
    }

    /// `name.gz` or `name` inside `source`.
    static func locate(_ name: String, in source: URL) throws -> URL {
        for candidate in [name + ".gz", name] {
            let url = source.appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw DatasetError.unreadableFile(
            path: source.appendingPathComponent(name + ".gz").path,
            reason: "Fashion-MNIST file not found; install the Debian package dataset-fashion-mnist or pass its folder")
    }
}

/// An IDX file of unsigned bytes (the MNIST format): magic `0x0000 08 <rank>`, big-endian sizes.
struct IDXFile {
    /// Source path, for errors.
    var path: String
    /// Size of each dimension.
    var dimensions: [Int]
    /// The payload, row-major.
    var bytes: [UInt8]

    static func read(_ url: URL) throws -> IDXFile {
        let data = try Gzip.inflate(try ImageCodec.readBytes(url), path: url.path)
        return try parse(data, path: url.path)
    }

    static func parse(_ data: [UInt8], path: String) throws -> IDXFile {
        guard data.count >= 4, data[0] == 0, data[1] == 0 else {
            throw DatasetError.badIDXFile(path: path, message: "missing the 0x0000 magic prefix")
        }
        guard data[2] == 0x08 else {
            throw DatasetError.badIDXFile(
                path: path, message: "element type 0x\(String(data[2], radix: 16)) is not unsigned byte (0x08)")
        }
        let rank = Int(data[3])
        let header = 4 + 4 * rank
        guard rank >= 1, data.count >= header else {
            throw DatasetError.badIDXFile(path: path, message: "the header of rank \(rank) is cut short")
        }
        let dimensions = (0..<rank).map { d in
            (0..<4).reduce(0) { $0 << 8 | Int(data[4 + 4 * d + $1]) }
        }
        let count = dimensions.reduce(1) { product, size in
            let (result, overflow) = product.multipliedReportingOverflow(by: size)
            return overflow ? Int.max : result
        }
        guard data.count - header == count else {
            throw DatasetError.badIDXFile(
                path: path,
                message: "expected \(count) bytes of data for dimensions \(dimensions), found \(data.count - header)")
        }
        return IDXFile(path: path, dimensions: dimensions, bytes: Array(data[header...]))
    }
}
