/// Whether operations record their pullbacks. Off inside `Tensor.withoutGradient` (inference,
/// and the backward pass itself, which does not build a second-order graph).
public enum GradMode {
    @TaskLocal static var isEnabled = true

    /// Whether operations run now are recorded for differentiation.
    public static var enabled: Bool { isEnabled }
}

extension Tensor {
    /// Runs `body` without recording any operation: the inference mode.
    public static func withoutGradient<R>(_ body: () throws -> R) rethrows -> R {
        try GradMode.$isEnabled.withValue(false, operation: body)
    }
}
