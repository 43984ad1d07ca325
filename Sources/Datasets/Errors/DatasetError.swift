/// Everything that can go wrong while reading, decoding, writing or loading image data.
///
/// Each case names the file or directory involved; `description` says what to do next.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A file could not be read from or written to disk.
    case unreadableFile(path: String, reason: String)
    /// The file's bytes are neither a JPEG nor a PNG nor any other known image format.
    case notAnImage(path: String)
    /// The file is an image in a format this decoder does not handle (GIF, BMP, WebP, …).
    case unsupportedImageFormat(path: String, format: String)
    /// libjpeg or libpng rejected the data.
    case corruptImage(path: String, message: String)
    /// The image data ends before the last scan line.
    case truncatedImage(path: String)
    /// Encoding an image failed (bad channel count, out of memory).
    case encodingFailed(path: String, message: String)
    /// A dataset or split directory does not exist.
    case missingDirectory(path: String, expectedLayout: String)
    /// A file name in a split does not match the dataset's naming convention.
    case unparseableFileName(path: String, pattern: String, expectedLayout: String)
    /// A split directory holds no image files.
    case emptySplit(path: String, expectedLayout: String)
    /// A dataset name that no reader knows.
    case unknownDataset(name: String, known: [String])
    /// A line of a list file could not be understood.
    case badListFile(path: String, line: Int, message: String)
    /// An IDX (MNIST-style) file is malformed.
    case badIDXFile(path: String, message: String)
    /// Inconsistent loader or sampler settings.
    case invalidSettings(message: String)

    /// What went wrong, where, and what to do next.
    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot access '\(path)': \(reason). Check that the path exists and is readable."
        case .notAnImage(let path):
            return
                "'\(path)' is not an image (no JPEG or PNG signature); give a JPEG or PNG file (in a dataset folder: remove it)."
        case .unsupportedImageFormat(let path, let format):
            return "'\(path)' is a \(format) image; only JPEG and PNG are supported. Convert it to JPEG or PNG."
        case .corruptImage(let path, let message):
            return "cannot decode '\(path)': \(message). The file is damaged; re-create or remove it."
        case .truncatedImage(let path):
            return "'\(path)' is truncated (the image data ends early). Re-copy the file or remove it."
        case .encodingFailed(let path, let message):
            return "cannot encode image for '\(path)': \(message)."
        case .missingDirectory(let path, let layout):
            return "directory '\(path)' does not exist. Expected layout:\n\(layout)"
        case .unparseableFileName(let path, let pattern, let layout):
            return "cannot parse the file name of '\(path)' with the pattern \(pattern). Expected layout:\n\(layout)"
        case .emptySplit(let path, let layout):
            return "'\(path)' holds no images. Expected layout:\n\(layout)"
        case .unknownDataset(let name, let known):
            return "unknown dataset '\(name)'; known datasets: \(known.joined(separator: ", "))."
        case .badListFile(let path, let line, let message):
            return "\(path):\(line): \(message). Each line is: <path> <class id> [camera id] <split>."
        case .badIDXFile(let path, let message):
            return "'\(path)' is not a valid IDX file: \(message)."
        case .invalidSettings(let message):
            return message
        }
    }
}
