// swift-tools-version:6.0
// AIRS — knowledge distillation for asymmetric image retrieval, in Swift, on the CPU.
// Every import points down the stack drawn in Sources/README.md.
import PackageDescription

let package = Package(
    name: "AIRS",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "airs", targets: ["airs"]),
        .executable(name: "airs-bench", targets: ["Benchmarks"]),
    ],
    targets: [
        // MARK: - Layer 0: C shims (modulemap + header, no logic) and measured C kernels
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CImageCodecs", path: "Sources/CImageCodecs"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML"),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
        .target(
            name: "CCodecGuard", dependencies: ["CImageCodecs"], exclude: ["README.md"],
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png"), .linkedLibrary("z")]),

        // MARK: - Layer 1: tensors and autograd
        .target(name: "TensorEngine", dependencies: ["COpenBLAS"]),

        // MARK: - Layer 2: layers, optimizers, schedules
        //TMP        .target(name: "NeuralNetwork", dependencies: ["TensorEngine"]),

        // MARK: - Layer 3: networks, data, checkpoints, configuration
        //TMP        .target(name: "Models", dependencies: ["NeuralNetwork"]),
        .target(name: "Datasets", dependencies: ["TensorEngine", "CCodecGuard"], exclude: ["README.md"]),
        //TMP        .target(name: "Checkpoints", dependencies: ["NeuralNetwork"]),
        //TMP        .target(name: "Configuration", dependencies: ["CYAML"]),

        // MARK: - Layer 4: losses and metrics
        //TMP        .target(name: "Distillers", dependencies: ["Models", "Configuration"]),
        //TMP        .target(name: "Evaluation", dependencies: ["Models", "Datasets"]),

        // MARK: - Layer 5: the trainer, and the language core (which knows nothing of ML)
        //TMP        .target(name: "Training", dependencies: ["Distillers", "Evaluation", "Checkpoints", "Datasets", "Configuration"]),
        //TMP        .target(name: "ScriptLanguage"),

        // MARK: - Layer 6: the stack bound into the language
        //TMP        .target(name: "ScriptLibrary", dependencies: ["ScriptLanguage", "Training"]),

        // MARK: - Layer 7: the interactive shell
        //TMP        .target(name: "InteractiveShell", dependencies: ["ScriptLibrary", "CEditLine"]),

        // MARK: - Layer 8: executables and test helpers
        .executableTarget(name: "airs", dependencies: ["TensorEngine"]),
        .executableTarget(name: "Benchmarks", dependencies: ["TensorEngine"]),
        .target(name: "TestSupport", dependencies: ["TensorEngine"]),

        // MARK: - Tests (one target per module, mirroring Sources/)
        .testTarget(name: "TensorEngineTests", dependencies: ["TensorEngine", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TensorEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
