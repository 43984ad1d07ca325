import Checkpoints
import Foundation
import Models

/// A student's starting weights as upstream chooses them (spec/models.md §6–8.1), read from local
/// files only: `STUDENT_PRETRAIN_PATH` when set; otherwise the file upstream's download leaves
/// in PyTorch's (or timm's) cache; otherwise, with `STUDENT_PRETRAIN_CHOICE` true, a refusal
/// naming the file and where it was looked for, and with it false, random weights.
///
/// Two deliberate differences from upstream: `STUDENT_PRETRAIN_CHOICE` is honoured (upstream
/// ignores it and always downloads), and `STUDENT_PRETRAIN_PATH` also applies to
/// MobileNetV3-Small (upstream ignores it there), so that no key of a config is silently unused.
public enum ImageNetInitialisation {
    /// Where the student `network` gets its weights, without reading them. `environment`
    /// supplies `TORCH_HOME`, `HF_HUB_CACHE`, `HF_HOME`, `XDG_CACHE_HOME` and `HOME`.
    public static func source(
        network: String, pretrainPath: String, pretrainChoice: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> WeightsSource {
        if !pretrainPath.isEmpty {
            guard FileManager.default.fileExists(atPath: pretrainPath) else {
                throw TrainingError.missingFile(
                    path: pretrainPath,
                    hint: "DISTILLER.STUDENT_PRETRAIN_PATH names it; give the path of the ImageNet "
                        + "weights (.pth or .safetensors), or '' to use PyTorch's cache")
            }
            return WeightsSource(
                role: "student", network: network, file: pretrainPath,
                reason: "DISTILLER.STUDENT_PRETRAIN_PATH")
        }
        guard pretrainChoice else {
            return WeightsSource(
                role: "student", network: network, file: nil,
                reason: "DISTILLER.STUDENT_PRETRAIN_CHOICE is False")
        }
        guard let weights = ImageNetWeights.forNetwork(named: network) else {
            throw TrainingError.imageNetWeightsNotFound(
                network: network, file: "ImageNet weights file", searched: [])
        }
        let folders = cacheFolders(for: weights, environment: environment)
        let found = folders.map { $0.appendingPathComponent(weights.fileName) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
        guard let found else {
            throw TrainingError.imageNetWeightsNotFound(
                network: network, file: weights.fileName, searched: folders.map(\.path))
        }
        return WeightsSource(
            role: "student", network: network, file: found.path,
            reason: "ImageNet weights from the download cache")
    }

    /// Copies the tensors of `source.file` into `network` by upstream's rules: every `module.`
    /// removed from the keys, the ImageNet classifier skipped, every other key must exist in the
    /// network with the same shape (all problems reported at once, naming the key and both
    /// shapes); the network's other tensors (the retrieval head) keep their values. Returns
    /// `source` with the count of copied tensors; a source without a file changes nothing.
    public static func apply(_ source: WeightsSource, to network: any ImageNetwork) throws
        -> WeightsSource
    {
        guard let path = source.file else { return source }
        let checkpoint = try CheckpointFile.read(from: URL(fileURLWithPath: path))
        let tensors = try checkpoint.tensors.removingOccurrences(of: "module.")
        let mapping = ImageNetWeights.forNetwork(named: network.name)
        var mapped = StateDictionary()
        for entry in tensors {
            // A network without known ImageNet weights still skips upstream's `fc` classifier.
            let key =
                mapping.map { $0.modelKey(for: entry.name) }
                ?? (entry.name.hasPrefix("fc") ? nil : entry.name)
            guard let key else { continue }
            guard mapped[key] == nil else {
                throw CheckpointError.duplicateKey(file: path, key: key)
            }
            mapped[key] = entry.tensor
        }
        let report = try network.load(mapped, mode: .allowMissing, file: path)
        var loaded = source
        loaded.copiedTensors = report.matched.count
        return loaded
    }

    /// The folders upstream's downloaders keep `weights` in, first match wins.
    static func cacheFolders(for weights: ImageNetWeights, environment: [String: String]) -> [URL] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let cache = URL(fileURLWithPath: environment["XDG_CACHE_HOME"] ?? home + "/.cache")
        switch weights.cache {
        case .torchHub:
            // torch.hub.get_dir(): $TORCH_HOME/hub, TORCH_HOME defaulting to $XDG_CACHE_HOME/torch.
            let torchHome =
                environment["TORCH_HOME"].map { URL(fileURLWithPath: $0) }
                ?? cache.appendingPathComponent("torch")
            return [torchHome.appendingPathComponent("hub/checkpoints")]
        case .huggingFaceHub(let repository):
            let hub =
                environment["HF_HUB_CACHE"].map { URL(fileURLWithPath: $0) }
                ?? (environment["HF_HOME"].map { URL(fileURLWithPath: $0) }
                ?? cache.appendingPathComponent("huggingface")).appendingPathComponent("hub")
            let snapshots = hub.appendingPathComponent(
                "models--" + repository.replacingOccurrences(of: "/", with: "--") + "/snapshots")
            let revisions =
                (try? FileManager.default.contentsOfDirectory(atPath: snapshots.path)) ?? []
            return revisions.isEmpty
                ? [snapshots] : revisions.sorted().map { snapshots.appendingPathComponent($0) }
        }
    }
}
