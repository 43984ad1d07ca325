import Foundation

/// Everything that can go wrong while setting up or running a training run.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A config key holds a value training cannot use.
    case invalidSetting(key: String, value: String, message: String)
    /// A checkpoint lacks a tensor the network needs, or holds one of the wrong shape.
    case checkpointMismatch(file: String, key: String, message: String)
    /// A setup step failed; `key` names the config key whose value caused it and `source`
    /// where that value was set (`file.yaml:12:3`, `command line (argument 3)`, `defaults`).
    case setupFailed(key: String, source: String, underlying: String)
    /// A file the run needs does not exist.
    case missingFile(path: String, hint: String)
    /// A file of the run folder could not be written.
    case outputFailed(path: String, underlying: String)
    /// A weights file does not fit the network `key` (`DISTILLER.TEACHER_NAME`) names;
    /// `underlying` lists every missing, extra and misshapen tensor.
    case networkMismatch(key: String, network: String, underlying: String)
    /// The network starts from ImageNet weights (`STUDENT_PRETRAIN_CHOICE`), but no file
    /// holds them: `file` is the name upstream downloads, `searched` every folder looked in.
    case imageNetWeightsNotFound(network: String, file: String, searched: [String])

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case let .invalidSetting(key, value, message):
            return "config key \(key) = \(value): \(message)"
        case let .checkpointMismatch(file, key, message):
            return "checkpoint \(file): tensor '\(key)' \(message); "
                + "was the file written for this network?"
        case let .setupFailed(key, source, underlying):
            return "config key \(key) (set at \(source)): \(underlying)"
        case let .missingFile(path, hint):
            return "\(path) does not exist; \(hint)"
        case let .outputFailed(path, underlying):
            return "cannot write \(path): \(underlying); check OUTPUT_DIR.ROOT_PATH is writable"
        case let .networkMismatch(key, network, underlying):
            return "\(underlying)\n  \(key) is \(network): was the file written for that network?"
        case let .imageNetWeightsNotFound(network, file, searched):
            let places = searched.isEmpty
                ? "" : " (looked in " + searched.joined(separator: ", ") + ")"
            return "\(network) starts from ImageNet weights, as upstream's students do, but no "
                + "\(file) was found\(places); AIRS does not download: copy the file there, set "
                + "DISTILLER.STUDENT_PRETRAIN_PATH to it, or set "
                + "DISTILLER.STUDENT_PRETRAIN_CHOICE False to start from random weights"
        }
    }
}
