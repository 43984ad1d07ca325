import Foundation
import NeuralNetwork
import TensorEngine

/// Whole-network throughput, measured the way `shared/perf/torch_model_bench.py` measures
/// PyTorch: warm-up steps, then timed steps until `iterations` clean ones (process CPU time ≥
/// `minimumUtilisation` · wall · threads; on a shared machine the others were descheduled) or
/// three times as many in total; the figure is the batch over the median clean step.
public enum ModelBenchmark {
    /// What one benchmark run measured.
    public struct Result: Sendable, CustomStringConvertible {
        /// Images per second: batch / median seconds of the clean steps (all steps if < 3 clean).
        public let imagesPerSecond: Double
        /// Median seconds per step over the steps used.
        public let medianSeconds: Double
        /// Steps timed, and how many of them were clean.
        public let steps: Int, cleanSteps: Int
        /// Peak resident memory of the process (`VmHWM`), in bytes.
        public let peakResidentBytes: Int
        /// Median process CPU seconds per step: on a machine shared with other work,
        /// `batch / (cpuSeconds / threads)` estimates the throughput with the cores to itself.
        public let medianCPUSeconds: Double
        /// Worker threads the step ran with.
        public let threads: Int

        /// `batch / (medianCPUSeconds / threads)`: the images/s if every thread had a core.
        public var cpuBoundImagesPerSecond: Double {
            imagesPerSecond * medianSeconds * Double(threads) / medianCPUSeconds
        }

        public var description: String {
            String(
                format:
                    "median_s=%.4f median_cpu_s=%.4f steps=%d clean=%d peak_rss_mb=%.0f images_per_s_cpu_bound=%.2f\nimages_per_s=%.2f",
                medianSeconds, medianCPUSeconds, steps, cleanSteps, Double(peakResidentBytes) / 1_048_576,
                cpuBoundImagesPerSecond, imagesPerSecond)
        }
    }

    /// Settings shared by both benchmarks.
    public struct Settings: Sendable {
        /// Image side in pixels, and images per step.
        public var size: Int, batch: Int
        /// Classifier width, untimed warm-up steps, clean steps wanted, and the seed.
        public var classes = 100, warmup = 2, iterations = 7, seed: UInt64 = 0
        /// The CPU share below which a step counts as descheduled.
        public var minimumUtilisation = 0.9
        /// The train step's SGD: learning rate, momentum and weight decay (`torch_model_bench.py`'s).
        public var learningRate = 0.01, momentum = 0.9, weightDecay = 5e-4
        /// The networks' `last_stride`: 1 as upstream trains them; 2 gives torchvision's layout,
        /// which is what `torch_model_bench.py` times (ResNet18 at 64 px: 149 vs 252 MMac).
        public var lastStride = 1
        /// The number format `infer` computes in (`train-step` always trains in fp32).
        public var precision = InferencePrecision.fp32

        public init(size: Int, batch: Int) {
            self.size = size
            self.batch = batch
        }
    }

    /// One training step per timed iteration: forward in training mode, cross-entropy (log-softmax
    /// and gather of the target column), backward, an SGD step with momentum and weight decay.
    /// `model` is a registry name, matched case-insensitively (`resnet18`, `mobilenetv3_small`).
    public static func trainStep(model: String, _ settings: Settings) throws -> Result {
        var generator = RandomGenerator(seed: settings.seed)
        let network = try makeNetwork(model, settings, &generator)
        network.setTraining(true)
        let images = Tensor.randomNormal([settings.batch, 3, settings.size, settings.size], using: &generator)
        let labels = (0..<settings.batch).map { _ in Int(generator.next() % UInt64(settings.classes)) }
        let groups = ParameterGroup.upstreamGroups(
            network.namedParameters(), baseLearningRate: settings.learningRate,
            weightDecay: settings.weightDecay)
        let optimizer = SGD(groups: groups, momentum: settings.momentum)
        return try measure(settings) {
            optimizer.zeroGradients()
            let logits = try network(images).logits
            let picked = try logits.logSoftmax(axis: 1).gather(columns: labels, k: 1)
            let loss = try -picked.mean()
            try loss.backward()
            try optimizer.step()
        }
    }

    /// Inference per timed iteration: evaluation mode, no gradient recorded, in
    /// `settings.precision` (fp32 with a notice on a CPU without bf16 instructions).
    public static func infer(model: String, _ settings: Settings) throws -> Result {
        var generator = RandomGenerator(seed: settings.seed)
        let network = try makeNetwork(model, settings, &generator)
        network.setTraining(false)
        let images = Tensor.randomNormal([settings.batch, 3, settings.size, settings.size], using: &generator)
        return try measure(settings) {
            _ = try network.inference(images, precision: settings.precision, keepsStageMaps: false)
        }
    }

    private static func makeNetwork(_ model: String, _ settings: Settings, _ generator: inout RandomGenerator) throws
        -> any ImageNetwork
    {
        let name = ModelRegistry.names.first { $0.lowercased() == model.lowercased() } ?? model
        return try ModelRegistry.make(
            name, numClasses: settings.classes, lastStride: settings.lastStride, generator: &generator)
    }

    private static func measure(_ settings: Settings, _ step: () throws -> Void) throws -> Result {
        for _ in 0..<settings.warmup { try step() }
        var all: [Double] = []
        var clean: [Double] = []
        var cpuTimes: [Double] = []
        while clean.count < settings.iterations && all.count < 3 * settings.iterations {
            let (wall0, cpu0) = (now(.monotonic), now(.processCPU))
            try step()
            let (wall, cpu) = (now(.monotonic) - wall0, now(.processCPU) - cpu0)
            all.append(wall)
            cpuTimes.append(cpu)
            if cpu >= settings.minimumUtilisation * wall * Double(Parallelism.threads) { clean.append(wall) }
        }
        let used = clean.count >= 3 ? clean : all
        let median = used.sorted()[used.count / 2]
        return Result(
            imagesPerSecond: Double(settings.batch) / median, medianSeconds: median, steps: all.count,
            cleanSteps: clean.count, peakResidentBytes: peakResidentBytes(),
            medianCPUSeconds: cpuTimes.sorted()[cpuTimes.count / 2], threads: Parallelism.threads)
    }

    private enum Clock { case monotonic, processCPU }

    private static func now(_ clock: Clock) -> Double {
        var spec = timespec()
        clock_gettime(clock == .monotonic ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// `VmHWM` of `/proc/self/status` in bytes (0 where the file does not exist).
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kilobytes * 1024
    }
}
