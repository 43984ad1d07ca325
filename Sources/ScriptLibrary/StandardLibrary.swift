import ScriptLanguage

/// Binds the AIRS stack into the language: every native function and host type a script or
/// the shell sees. Each area registers itself through one installer; add an area with one line.
public enum StandardLibrary {
    /// The installers, in registration order.
    static let installers: [@Sendable (Interpreter) -> Void] = [
        TrainingFunctions.install,
        EvaluationFunctions.install,
        TensorFunctions.install,
        ConfigFunctions.install,
        ModelFunctions.install,
        CheckpointFunctions.install,
        DataFunctions.install,
        ShowFunctions.install,
        NeighborFunctions.install,
        DatasetFunctions.install,
        TensorFileFunctions.install,
        EmbeddingFunctions.install,
    ]

    /// Registers every function and type with `interpreter`.
    public static func install(in interpreter: Interpreter) {
        for install in installers { install(interpreter) }
    }
}
