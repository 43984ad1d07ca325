/// How many images a lowered network runs at once. A plan's buffers grow with its batch and
/// stay cached with the network, so a large batch (a ResNet101 teacher's 256 images at 256 px
/// held 4 GB of plan buffers) runs in chunks whose widest activation stays within a budget;
/// in eval mode each image's outputs are its own, so chunking changes no result.
public enum InferenceChunking {
    @TaskLocal static var budget = 64 << 20

    /// Runs `body` with lowered inference chunked so that the widest activation of a chunk
    /// takes at most `bytes` (64 MiB unless set).
    public static func withActivationBudget<R>(bytes: Int, _ body: () throws -> R) rethrows -> R {
        try $budget.withValue(max(bytes, 1), operation: body)
    }

    /// Images per chunk when one image's widest activation takes `bytesPerImage`.
    static func rows(bytesPerImage: Int) -> Int { max(1, budget / max(bytesPerImage, 1)) }
}
