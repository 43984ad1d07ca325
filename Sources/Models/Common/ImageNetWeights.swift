/// Where upstream takes a network's ImageNet weights from, and how that file's keys map onto
/// the network's state-dict names (spec/models.md §4–8). Reading the file is the caller's job:
/// this module knows networks, not file formats.
public struct ImageNetWeights: Sendable, Equatable {
    /// The cache a downloader keeps the file in.
    public enum Cache: Sendable, Equatable {
        /// `torch.hub.load_state_dict_from_url`: `$TORCH_HOME/hub/checkpoints/<fileName>`.
        case torchHub
        /// timm through the Hugging Face hub:
        /// `$HF_HUB_CACHE/models--<owner>--<name>/snapshots/<revision>/<fileName>`.
        case huggingFaceHub(repository: String)
    }

    /// The file name upstream's download produces (`resnet18-5c106cde.pth`).
    public let fileName: String
    /// Where that download is kept.
    public let cache: Cache
    /// What the file's keys start with where the network's start with `modelPrefix`
    /// (torchvision's `features.` is MobileNetV3's `model.`; timm's bare names are Swin's
    /// `model.`).
    let sourcePrefix: String
    let modelPrefix: String
    /// The classifier of the ImageNet network: upstream skips it, the retrieval head keeps its
    /// own initial values.
    let skippedPrefix: String

    /// The network's name for `sourceKey`, or `nil` for a key upstream skips (the ImageNet
    /// classifier). A key outside `sourcePrefix` keeps its name, so the caller's lookup fails on it
    /// and names it.
    public func modelKey(for sourceKey: String) -> String? {
        if sourceKey.hasPrefix(skippedPrefix) { return nil }
        guard sourceKey.hasPrefix(sourcePrefix) else { return sourceKey }
        return modelPrefix + sourceKey.dropFirst(sourcePrefix.count)
    }

    /// The ImageNet weights of the registry network `name`, or `nil` for a network upstream
    /// never initialises from ImageNet (`MobileNetV2`, AIRS's classifier).
    public static func forNetwork(named name: String) -> ImageNetWeights? {
        table.first { $0.name == name }?.weights
    }

    private static func torchvision(_ file: String) -> ImageNetWeights {
        ImageNetWeights(
            fileName: file, cache: .torchHub, sourcePrefix: "", modelPrefix: "", skippedPrefix: "fc"
        )
    }

    private static func timm(_ repository: String) -> ImageNetWeights {
        ImageNetWeights(
            fileName: "model.safetensors", cache: .huggingFaceHub(repository: repository),
            sourcePrefix: "", modelPrefix: "model.", skippedPrefix: "head")
    }

    // The URLs' file names in upstream's models/resnet.py, resnet_ibn.py and mobilenetv3.py;
    // the timm model names in models/swin_transformer_v2.py.
    private static let table: [(name: String, weights: ImageNetWeights)] = [
        ("ResNet18", torchvision("resnet18-5c106cde.pth")),
        ("ResNet34", torchvision("resnet34-333f7ec4.pth")),
        ("ResNet50", torchvision("resnet50-19c8e357.pth")),
        ("ResNet101", torchvision("resnet101-5d3b4d8f.pth")),
        ("ResNet152", torchvision("resnet152-b121ed2d.pth")),
        ("ResNet18_ibn_a", torchvision("resnet18_ibn_a-2f571257.pth")),
        ("ResNet34_ibn_a", torchvision("resnet34_ibn_a-94bc1577.pth")),
        ("ResNet50_ibn_a", torchvision("resnet50_ibn_a-d9d0bb7b.pth")),
        ("ResNet101_ibn_a", torchvision("resnet101_ibn_a-59ea0ac6.pth")),
        (
            "MobileNetV3_Small",
            ImageNetWeights(
                fileName: "mobilenet_v3_small-047dcff4.pth", cache: .torchHub,
                sourcePrefix: "features.",
                modelPrefix: "model.", skippedPrefix: "classifier")
        ),
        ("Swin_Transformer_V2_Tiny", timm("timm/swinv2_tiny_window8_256.ms_in1k")),
        ("Swin_Transformer_V2_Small", timm("timm/swinv2_small_window8_256.ms_in1k")),
        ("Swin_Transformer_V2_Base", timm("timm/swinv2_base_window8_256.ms_in1k")),
    ]
}
