/// The complete upstream key tree with its defaults: the one place they are written.
///
/// Mirrors `AIR_Distiller/config/defaults.py` (see `spec/config.md` §2), in its section order.
/// Types follow the Python defaults exactly: `RKD.DISTANCE_WEIGHT` is the int `25`,
/// `CSD.TEMPERATURE_QUERY` the int `1`, `SOLVER.BIAS_LR_FACTOR` the int `1`.
public enum ConfigSchema {
    /// Upstream sets `CHECKPOINT_PERIOD`, `EVAL_PERIOD` and `TEST.WEIGHT` from the default
    /// `MAX_EPOCHS` once, when the defaults are built; they do not follow a later change.
    private static let maxEpochs = 120

    /// Every leaf key in tree order.
    public static let entries: [ConfigEntry] = [
        // EXPERIMENT
        ConfigEntry(
            "EXPERIMENT.DEVICE", .string("cuda"), "device name (unused: AIRS runs on the CPU)",
            .ignored(reason: "AIRS runs on the CPU")),
        ConfigEntry(
            "EXPERIMENT.CUDA_AMP", .bool(true), "mixed-precision training upstream (AIRS trains in float32)",
            .ignored(reason: "AIRS trains in float32, which spec/training.md §2.4 accepts")),
        ConfigEntry(
            "EXPERIMENT.DEVICE_ID", .string("0"), "CUDA_VISIBLE_DEVICES upstream (no effect)",
            .ignored(reason: "AIRS runs on the CPU")),
        ConfigEntry(
            "EXPERIMENT.TRIPLET_METHOD", .string("batch_hard"), "triplet mining: batch_hard, batch_soft, batch_sample",
            .oneOf(["batch_hard", "batch_soft", "batch_sample"])),
        ConfigEntry("EXPERIMENT.TRIPLET_MARGIN", .double(0.3), "triplet margin"),
        ConfigEntry(
            "EXPERIMENT.IF_LABELSMOOTH", .string("on"), "'on': cross-entropy with label smoothing 0.1",
            .oneOf(["on", "off"])),
        ConfigEntry("EXPERIMENT.CE_LOSS_WEIGHT", .double(1.0), "weight of the cross-entropy term"),
        ConfigEntry("EXPERIMENT.TRIPLET_LOSS_WEIGHT", .double(1.0), "weight of the triplet term"),
        ConfigEntry(
            "EXPERIMENT.TEACHER_PRECISION", .string("fp32"),
            "AIRS only: fp32, or bf16 for the frozen teacher's forward and gallery embedding (AVX512-BF16)",
            .oneOf(["fp32", "bf16"])),
        ConfigEntry(
            "EXPERIMENT.REPRODUCIBLE", .bool(false),
            "AIRS only: True sums the student's weight gradients over the batch in Double, so the run's numbers "
                + "do not depend on how the batch is split over ranks or threads"),
        // DISTILLER
        ConfigEntry(
            "DISTILLER.TYPE", .string("NONE"),
            "NONE (Vanilla), VanillaKD, FitNet, CC, RKD, PKT, CSD, ROP, RAML, D3, UGD"),
        ConfigEntry("DISTILLER.TEACHER_NAME", .string("ResNet101"), "gallery network"),
        ConfigEntry("DISTILLER.TEACHER_LAST_STRIDE", .int(1), "layer4 stride of a ResNet teacher"),
        ConfigEntry("DISTILLER.TEACHER_MODEL_PATH", .string(""), "teacher weights (required for KD training)"),
        ConfigEntry("DISTILLER.STUDENT_NAME", .string("ResNet18"), "query network"),
        ConfigEntry(
            "DISTILLER.STUDENT_LAST_STRIDE", .int(1), "layer4 (ResNet) / block-9 (MobileNetV3) stride of the student"),
        ConfigEntry(
            "DISTILLER.STUDENT_PRETRAIN_CHOICE", .bool(true),
            "students start from ImageNet weights (upstream always does); False: random weights"),
        ConfigEntry("DISTILLER.STUDENT_PRETRAIN_PATH", .string(""), "local ImageNet weights for the student"),
        // Method sections
        ConfigEntry("VanillaKD.TEMPERATURE", .double(2.0), "softmax temperature of logit KD"),
        ConfigEntry("VanillaKD.KD_WEIGHT", .double(1.0), "weight of the KD term"),
        ConfigEntry("FITNET.KD_WEIGHT", .double(2.0), "weight of the MSE feature term"),
        ConfigEntry("CC.KD_WEIGHT", .double(1.0), "weight of the CC term"),
        ConfigEntry("CC.NORMALIZE", .bool(true), "L2-normalise features before the correlation"),
        ConfigEntry("RKD.DISTANCE_WEIGHT", .int(25), "distance-term weight"),
        ConfigEntry("RKD.ANGLE_WEIGHT", .int(50), "angle-term weight"),
        ConfigEntry("RKD.KD_WEIGHT", .double(1.0), "weight of the RKD term"),
        ConfigEntry("RKD.PDIST.EPSILON", .double(1e-12), "clamp in the pairwise distance"),
        ConfigEntry("RKD.PDIST.SQUARED", .bool(false), "squared pairwise distances"),
        ConfigEntry("PKT.KD_WEIGHT", .double(30000.0), "weight of the PKT term"),
        ConfigEntry("CSD.TOPK", .int(96), "neighbours used"),
        ConfigEntry("CSD.TEMPERATURE_QUERY", .int(1), "student temperature"),
        ConfigEntry("CSD.TEMPERATURE_GALLERY", .double(0.01), "teacher temperature"),
        ConfigEntry("CSD.KD_WEIGHT", .double(1.0), "weight of the CSD term"),
        ConfigEntry("ROP.TOPK", .int(96), "neighbours used (must not exceed the distillation batch)"),
        ConfigEntry("ROP.TEMPERATURE", .double(0.1), "temperature"),
        ConfigEntry("ROP.RANK_WEIGHT", .double(0.2), "rank-term weight"),
        ConfigEntry("ROP.KD_WEIGHT", .double(1.0), "weight of the ROP term"),
        ConfigEntry("RAML.LAMBDA1", .double(0.7482), "lambda 1 (upstream also uses it as lambda 2)"),
        ConfigEntry(
            "RAML.LAMBDA2", .double(0.6778), "lambda 2: never read upstream",
            .ignored(reason: "upstream's distillers/RAML.py reads LAMBDA1 for both weights; AIRS matches it")),
        ConfigEntry("RAML.KD_WEIGHT", .double(1.0), "weight of the RAML term"),
        ConfigEntry("D3.TOPK", .int(10), "top-k of D3still (at least 2)"),
        ConfigEntry("D3.ALPHA", .double(50.0), "D3still feature-term weight"),
        ConfigEntry("D3.BETA", .double(2.0), "D3still second-term weight"),
        ConfigEntry("D3.GAMMA", .double(1.0), "D3still third-term weight"),
        ConfigEntry("D3.KD_WEIGHT", .double(1.0), "weight of the D3 term"),
        ConfigEntry("UGD.DISTILLATION_LAYER", .int(3), "student stage (1-based) feeding the local projectors"),
        ConfigEntry("UGD.ALPHA", .double(2.0), "global-term weight"),
        ConfigEntry("UGD.BETA", .double(2.0), "local-term weight"),
        ConfigEntry("UGD.KD_WEIGHT", .double(1.0), "weight of the UGD term"),
        // INPUT
        ConfigEntry("INPUT.STUDENT_SIZE_TRAIN", .list([.int(64), .int(64)]), "student train size [H, W]"),
        ConfigEntry(
            "INPUT.STUDENT_SIZE_TEST", .list([.int(64), .int(64)]), "query (and Vanilla gallery) test size [H, W]"),
        ConfigEntry("INPUT.STUDENT_PADDING", .int(2), "student train padding"),
        ConfigEntry(
            "INPUT.TEACHER_SIZE_TRAIN", .list([.int(256), .int(256)]), "teacher view of distillation batches [H, W]"),
        ConfigEntry("INPUT.TEACHER_SIZE_TEST", .list([.int(256), .int(256)]), "gallery test size in KD runs [H, W]"),
        ConfigEntry("INPUT.TEACHER_PADDING", .int(8), "teacher train padding"),
        ConfigEntry("INPUT.PROB", .double(0.5), "horizontal-flip probability"),
        ConfigEntry("INPUT.RE_PROB", .double(0.5), "random-erasing probability (0 disables it)"),
        ConfigEntry(
            "INPUT.PIXEL_MEAN", .list([.double(0.485), .double(0.456), .double(0.406)]),
            "normalisation mean (also the erasing fill)"),
        ConfigEntry("INPUT.PIXEL_STD", .list([.double(0.229), .double(0.224), .double(0.225)]), "normalisation std"),
        // DATASETS
        ConfigEntry("DATASETS.NAMES", .string("SOP"), "CUB200, InShop, SOP or MSMT17"),
        ConfigEntry("DATASETS.ROOT_DIR", .string("/home/data1/xieyi/data"), "folder holding the dataset folders"),
        ConfigEntry(
            "DATASETS.BAD_IMAGES", .string("stop"),
            "AIRS only: images failing the check when the dataset is read: "
                + "'stop' lists them, 'skip' drops them",
            .oneOf(["stop", "skip"])),
        // DATALOADER
        ConfigEntry("DATALOADER.NUM_WORKERS", .int(8), "loader workers"),
        ConfigEntry(
            "DATALOADER.SAMPLER", .string("triplet"), "'triplet': identity sampler (the only one AIRS has)",
            .oneOf(["triplet"])),
        ConfigEntry("DATALOADER.NUM_INSTANCE", .int(6), "images per identity in a student batch (K)"),
        // SOLVER
        ConfigEntry(
            "SOLVER.TRAINER", .string("vanilla"), "vanilla (DISTILLER.TYPE NONE) or kd (every other type)",
            .oneOf(["vanilla", "kd"])),
        ConfigEntry("SOLVER.IMS_PER_BATCH", .int(96), "student batch (P x K)"),
        ConfigEntry("SOLVER.IMS_DISTILLATION_PER_BATCH", .int(256), "distillation batch"),
        ConfigEntry("SOLVER.OPTIMIZER_NAME", .string("SGD"), "SGD, Adam or AdamW", .oneOf(["SGD", "Adam", "AdamW"])),
        ConfigEntry("SOLVER.MAX_EPOCHS", .int(maxEpochs), "epochs (also the cosine period)"),
        ConfigEntry("SOLVER.BASE_LR", .double(0.01), "base learning rate"),
        ConfigEntry("SOLVER.LARGE_FC_LR", .bool(true), "enable the classifier lr multiplier"),
        ConfigEntry("SOLVER.FC_LR_TIMES", .double(1.0), "classifier lr multiplier"),
        ConfigEntry("SOLVER.BIAS_LR_FACTOR", .int(1), "lr multiplier for bias parameters"),
        ConfigEntry("SOLVER.MOMENTUM", .double(0.9), "SGD momentum"),
        ConfigEntry("SOLVER.WEIGHT_DECAY", .double(0.0005), "weight decay"),
        ConfigEntry("SOLVER.WEIGHT_DECAY_BIAS", .double(0.0005), "weight decay of bias parameters"),
        ConfigEntry("SOLVER.LR_WARMUP_EPOCHS", .int(10), "warmup length in epochs"),
        ConfigEntry("SOLVER.LR_WARMUP_FACTOR", .double(0.1), "warmup start factor"),
        ConfigEntry(
            "SOLVER.LR_WARMUP_METHOD", .string("linear"), "linear or constant", .oneOf(["linear", "constant"])),
        ConfigEntry(
            "SOLVER.LR_DECAY_TYPE", .string("WarmupCosineAnnealingLR"), "WarmupCosineAnnealingLR or WarmupMultiStepLR",
            .oneOf(["WarmupCosineAnnealingLR", "WarmupMultiStepLR"])),
        ConfigEntry("SOLVER.LR_DECAY_GAMMA", .double(0.1), "multistep decay factor"),
        ConfigEntry(
            "SOLVER.LR_DECAY_STEPS", .list([.int(40), .int(70)]),
            "multistep milestones; cosine uses the first as the flat-phase end"),
        ConfigEntry("SOLVER.LR_DECAY_ETA_MIN_LR", .double(1e-7), "cosine floor"),
        ConfigEntry("SOLVER.CHECKPOINT_PERIOD", .int(maxEpochs), "save and evaluate every N epochs"),
        ConfigEntry(
            "SOLVER.LOG_PERIOD", .int(270), "unused upstream",
            .ignored(reason: "unused upstream: there is no per-iteration log (spec/training.md §2.5)")),
        ConfigEntry(
            "SOLVER.EVAL_PERIOD", .int(maxEpochs), "unused upstream (evaluation follows CHECKPOINT_PERIOD)",
            .ignored(reason: "unused upstream: evaluation follows CHECKPOINT_PERIOD (spec/training.md §3)")),
        ConfigEntry("SOLVER.SEED", .int(2024), "global seed"),
        ConfigEntry(
            "SOLVER.SKIP_NONFINITE_STEPS", .bool(false),
            "AIRS only: skip and count a step whose loss is not finite instead of stopping the run"),
        // TEST
        ConfigEntry("TEST.IMS_PER_BATCH", .int(512), "test batch size"),
        ConfigEntry(
            "TEST.FLIP_FEATS", .string("off"), "'on': add the features of flipped images",
            .defaultOnly(reason: "flipped-image test features are not implemented")),
        ConfigEntry(
            "TEST.WEIGHT", .int(maxEpochs), "epoch of the checkpoint upstream's test.py loads",
            .ignored(reason: "airs test takes the checkpoint file from --weights")),
        ConfigEntry("TEST.TEST_METRIC", .string("cosine"), "cosine or euclidean", .oneOf(["cosine", "euclidean"])),
        ConfigEntry("TEST.RE_RANKING", .bool(false), "k-reciprocal re-ranking"),
        ConfigEntry(
            "TEST.RE_RANKING_PARAMETER", .list([.int(60), .int(10), .double(0.3)]), "re-ranking k1, k2, lambda"),
        // OUTPUT_DIR
        ConfigEntry("OUTPUT_DIR.ROOT_PATH", .string("./log"), "output root"),
        ConfigEntry("OUTPUT_DIR.EXPERIMENT_NAME", .string(""), "run sub-folder: ROOT_PATH/EXPERIMENT_NAME"),
    ]

    /// Entries by key.
    public static let byKey: [String: ConfigEntry] = Dictionary(
        entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })

    /// Every leaf key in tree order (for shell completion and listings).
    public static var keys: [String] { entries.map(\.key) }

    /// Every section path (`SOLVER`, `RKD`, `RKD.PDIST`), parents before children, in tree order.
    public static let sections: [String] = {
        var seen: [String] = []
        for entry in entries {
            let parts = entry.key.split(separator: ".")
            for depth in 1..<parts.count {
                let path = parts[0..<depth].joined(separator: ".")
                if !seen.contains(path) { seen.append(path) }
            }
        }
        return seen
    }()

    /// Whether `path` names a section (a mapping) rather than a leaf.
    public static func isSection(_ path: String) -> Bool { sections.contains(path) }

    /// Leaf keys and sections starting with `prefix`, for shell completion.
    public static func completions(of prefix: String) -> [String] {
        (sections.map { $0 + "." } + keys).filter { $0.hasPrefix(prefix) }
    }
}
