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
    /// Images of the dataset failed the check when it was read (`DATASETS.BAD_IMAGES stop`);
    /// one message per file, naming it.
    case badImages(reasons: [String])
    /// A step, epoch end or evaluation failed after the run had taken steps; the resume file of
    /// `folder` holds the last completed step (`epoch`, `step`).
    case stopped(underlying: String, folder: String, epoch: Int, step: Int)
    /// The run was asked to train past `SOLVER.MAX_EPOCHS`: a further `step` (`requested` nil)
    /// or training until epoch `requested`.
    case pastLastEpoch(maxEpochs: Int, requested: Int?)
    /// Data-parallel ranks hold different weights after `epoch` (a debug-build check).
    case ranksDiverged(epoch: Int, rank: Int)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .invalidSetting(let key, let value, let message):
            return "config key \(key) = \(value): \(message)"
        case .checkpointMismatch(let file, let key, let message):
            return "checkpoint \(file): tensor '\(key)' \(message)"
        case .setupFailed(let key, let source, let underlying):
            return "config key \(key) (set at \(source)): \(underlying)"
        case .missingFile(let path, let hint):
            return "\(path) does not exist; \(hint)"
        case .outputFailed(let path, let underlying):
            return "cannot write \(path): \(underlying); check OUTPUT_DIR.ROOT_PATH is writable"
        case .networkMismatch(let key, let network, let underlying):
            return "\(underlying)\n  \(key) is \(network): was the file written for that network?"
        case .imageNetWeightsNotFound(let network, let file, let searched):
            let places =
                searched.isEmpty
                ? "" : " (looked in " + searched.joined(separator: ", ") + ")"
            return "\(network) starts from ImageNet weights, as upstream's students do, but no "
                + "\(file) was found\(places); AIRS does not download: copy the file there, set "
                + "DISTILLER.STUDENT_PRETRAIN_PATH to it, or set "
                + "DISTILLER.STUDENT_PRETRAIN_CHOICE False to start from random weights"
        case .badImages(let reasons):
            let shown = reasons.prefix(20).map { "  " + $0 }.joined(separator: "\n")
            let more = reasons.count > 20 ? "\n  … and \(reasons.count - 20) more" : ""
            let count = "\(reasons.count) image\(reasons.count == 1 ? "" : "s")"
            return "\(count) of the dataset cannot be read:\n\(shown)\(more)\nRe-create or remove "
                + "them, or set DATASETS.BAD_IMAGES skip to train and evaluate without them."
        case .stopped(let underlying, let folder, let epoch, let step):
            return "\(underlying)\nThe run stopped; \(folder)/last.safetensors holds its last "
                + "completed step (epoch \(epoch), step \(step)) and the error is in "
                + "train_log.txt. "
                + "Fix the cause, then continue with: airs resume \(folder)"
        case .pastLastEpoch(let maxEpochs, let requested?):
            return "epoch \(requested) is past the run's last epoch, \(maxEpochs) "
                + "(SOLVER.MAX_EPOCHS); train until epoch \(maxEpochs) at most, "
                + "or raise SOLVER.MAX_EPOCHS"
        case .pastLastEpoch(let maxEpochs, nil):
            return "the run has finished its \(maxEpochs) epochs (SOLVER.MAX_EPOCHS); "
                + "a further step would train on at the final learning rate. "
                + "Raise SOLVER.MAX_EPOCHS to train longer"
        case .ranksDiverged(let epoch, let rank):
            return "after epoch \(epoch) rank \(rank) holds other weights than rank 0: the data-parallel "
                + "ranks no longer train one model (a collective summed differently on some rank); "
                + "resume from the last checkpoint, and report it with the MPI library's name and version"
        }
    }
}
