/// The file formats this module reads.
public enum CheckpointFormat: String, Sendable, Equatable {
    /// safetensors, AIRS's native format.
    case safetensors
    /// PyTorch ≥ 1.6 `torch.save`: a zip of `data.pkl` and one entry per storage.
    case pytorchZip = "pytorch-zip"
    /// PyTorch's legacy `torch.save`: consecutive pickles followed by raw storages.
    case pytorchLegacy = "pytorch-legacy"
    /// A single NumPy `.npy` array.
    case numpy
    /// A NumPy `.npz` archive of arrays.
    case numpyArchive = "numpy-archive"
}

/// The contents of a checkpoint file: its tensors and its string metadata.
public struct Checkpoint: Sendable, Equatable {
    /// Metadata keys AIRS writes into safetensors' `__metadata__`.
    public enum MetadataKey {
        /// The network name (`resnet18`, `mobilenet_v2`, …).
        public static let architecture = "architecture"
        /// The resolved run configuration, serialised.
        public static let config = "config"
        /// The epoch after which the checkpoint was written.
        public static let epoch = "epoch"
        /// The AIRS version that wrote the file.
        public static let airsVersion = "airs_version"
        /// Lower-case hex SHA-256 of the data section, verified on load.
        public static let dataSHA256 = "data_sha256"
    }

    /// The tensors in file order.
    public var tensors: StateDictionary
    /// String metadata (safetensors `__metadata__`; for PyTorch files, the scalar entries
    /// beside the state dict and where it was found).
    public var metadata: [String: String]
    /// The format the checkpoint was read from.
    public var format: CheckpointFormat

    /// A checkpoint of `tensors` with `metadata`.
    public init(tensors: StateDictionary, metadata: [String: String] = [:], format: CheckpointFormat = .safetensors) {
        self.tensors = tensors
        self.metadata = metadata
        self.format = format
    }

    /// The metadata AIRS records in a checkpoint it writes (`nil` fields are left out).
    public static func metadata(
        architecture: String?, config: String? = nil, epoch: Int? = nil,
        airsVersion: String? = nil
    ) -> [String: String] {
        var metadata: [String: String] = [:]
        metadata[MetadataKey.architecture] = architecture
        metadata[MetadataKey.config] = config
        metadata[MetadataKey.epoch] = epoch.map(String.init)
        metadata[MetadataKey.airsVersion] = airsVersion
        return metadata
    }

    /// `metadata["architecture"]`.
    public var architecture: String? { metadata[MetadataKey.architecture] }
    /// `metadata["epoch"]` as an integer.
    public var epoch: Int? { metadata[MetadataKey.epoch].flatMap { Int($0) } }
}
