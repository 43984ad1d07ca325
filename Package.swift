// swift-tools-version:6.0
// AIRS — knowledge distillation for asymmetric image retrieval, in Swift, on the CPU.
// Every import points down the stack drawn in Sources/README.md.
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")

let package = Package(
    name: "AIRS",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "airs", targets: ["airs"]),
        .executable(name: "airs-bench", targets: ["Benchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - Layer 0: C shims (modulemap + header, no logic) and measured C kernels
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CImageCodecs", path: "Sources/CImageCodecs"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML"),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .target(
            name: "CCodecGuard", dependencies: ["CImageCodecs"], exclude: ["README.md"],
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png"), .linkedLibrary("z")]),
        .target(name: "CKernels", exclude: ["README.md"]),

        // MARK: - Layer 1: tensors and autograd
        .target(name: "TensorEngine", dependencies: ["COpenBLAS", "CKernels", "CDNNL"]),
        // The MPI collectives behind data-parallel training (a ProcessGroup over mpirun's job).
        .target(name: "MessagePassing", dependencies: ["CMPI", "TensorEngine"]),

        // MARK: - Layer 2: layers, optimizers, schedules
        .target(name: "NeuralNetwork", dependencies: ["TensorEngine"]),

        // MARK: - Layer 3: networks, data, checkpoints, configuration
        .target(name: "Models", dependencies: ["TensorEngine", "NeuralNetwork"]),
        .target(name: "Datasets", dependencies: ["TensorEngine", "CCodecGuard"], exclude: ["README.md"]),
        .target(name: "Checkpoints", dependencies: ["TensorEngine", "NeuralNetwork", "CZlib", crypto]),
        .target(name: "Configuration", dependencies: ["CYAML"]),

        // MARK: - Layer 4: losses and metrics
        .target(
            name: "Distillers", dependencies: ["TensorEngine", "NeuralNetwork", "Configuration"], exclude: ["README.md"]
        ),
        .target(name: "Evaluation", dependencies: ["TensorEngine", "Checkpoints", crypto]),

        // MARK: - Layer 5: the trainer, and the language core (which knows nothing of ML)
        .target(
            name: "Training",
            dependencies: [
                "TensorEngine", "NeuralNetwork", "Models", "Datasets", "Checkpoints", "Configuration",
                "Distillers", "Evaluation",
            ]),
        .target(name: "ScriptLanguage", exclude: ["README.md"]),

        // MARK: - Layer 6: the stack bound into the language
        .target(
            name: "ScriptLibrary",
            dependencies: [
                "TensorEngine", "NeuralNetwork", "Models", "Datasets", "Checkpoints", "Configuration",
                "Distillers", "Evaluation", "Training", "ScriptLanguage",
            ]),

        // MARK: - Layer 7: the interactive shell
        .target(
            name: "InteractiveShell",
            dependencies: ["CEditLine", "Checkpoints", "Configuration", "Training", "ScriptLanguage", "ScriptLibrary"],
            exclude: ["README.md"]),
        .target(
            name: "JupyterKernel",
            dependencies: [
                "CZeroMQ", "Datasets", "Training", "ScriptLanguage", "InteractiveShell", crypto,
            ],
            exclude: ["README.md"]),

        // MARK: - Layer 8: the command line (one root command)
        .target(
            name: "Commands",
            dependencies: [
                "TensorEngine", "MessagePassing", "NeuralNetwork", "Models", "Datasets", "Checkpoints",
                "Configuration", "Training", "ScriptLanguage", "InteractiveShell", "JupyterKernel", argumentParser,
            ]),

        // MARK: - Layer 9: executables and test helpers
        .executableTarget(name: "airs", dependencies: ["Commands", "TensorEngine"]),
        .executableTarget(
            name: "Benchmarks", dependencies: ["TensorEngine", "Models", "Datasets", "Evaluation", argumentParser]),
        .target(name: "TestSupport", dependencies: ["TensorEngine"]),
        .executableTarget(name: "CheckpointWriterFixture", dependencies: ["Checkpoints"]),
        .executableTarget(name: "MessagePassingFixture", dependencies: ["MessagePassing", "TensorEngine"]),
        // Replays inputs normally; built with -sanitize=fuzzer by Scripts/fuzz-language.sh.
        .executableTarget(name: "ScriptLanguageFuzz", dependencies: ["ScriptLanguage"]),

        // MARK: - Tests (one target per module, mirroring Sources/)
        .testTarget(name: "TensorEngineTests", dependencies: ["TensorEngine", "CKernels", "TestSupport"]),
        .testTarget(
            name: "MessagePassingTests",
            dependencies: ["MessagePassing", "TensorEngine", "MessagePassingFixture", "TestSupport"]),
        .testTarget(
            name: "NeuralNetworkTests", dependencies: ["TensorEngine", "NeuralNetwork", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "ModelsTests", dependencies: ["TensorEngine", "NeuralNetwork", "Models", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["TensorEngine", "Datasets"]),
        .testTarget(
            name: "CheckpointsTests",
            dependencies: ["TensorEngine", "NeuralNetwork", "Checkpoints", "CheckpointWriterFixture", crypto],
            exclude: ["Fixtures"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration"]),
        .testTarget(name: "DistillersTests", dependencies: ["TensorEngine", "Distillers", "TestSupport"]),
        .testTarget(
            name: "EvaluationTests", dependencies: ["TensorEngine", "Checkpoints", "Evaluation", "TestSupport"]),
        .testTarget(
            name: "CommandsTests",
            dependencies: ["TensorEngine", "Datasets", "Checkpoints", "Commands", "TestSupport", argumentParser]),
        .testTarget(
            name: "TrainingTests",
            dependencies: [
                "TensorEngine", "NeuralNetwork", "Models", "Datasets", "Checkpoints", "Configuration", "Distillers",
                "Evaluation", "Training", "TestSupport",
            ],
            exclude: ["Fixtures"]),
        .testTarget(name: "ScriptLanguageTests", dependencies: ["ScriptLanguage"], exclude: ["Scripts"]),
        .testTarget(
            name: "ScriptLibraryTests",
            dependencies: [
                "TensorEngine", "Datasets", "Checkpoints", "Evaluation", "ScriptLanguage", "ScriptLibrary",
                "TestSupport",
            ]),
        .testTarget(
            name: "InteractiveShellTests", dependencies: ["ScriptLanguage", "ScriptLibrary", "InteractiveShell"]),
        .testTarget(
            name: "JupyterKernelTests", dependencies: ["Datasets", "ScriptLanguage", "JupyterKernel"],
            exclude: ["Driver"]),
    ],
    swiftLanguageModes: [.v6]
)
