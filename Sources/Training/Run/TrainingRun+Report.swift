import Foundation
import Models

extension TrainingRun {
    /// The student's size and cost at `INPUT.STUDENT_SIZE_TRAIN` (ptflops' conventions).
    public func studentComplexity() throws -> ModelComplexity {
        let size = try RunSettings(config).input.studentSizeTrain
        return try student.complexity(height: size[0], width: size[1])
    }

    /// Scalars of the method's own learnable modules (UGD's projectors; 0 for the others).
    public var extraParameterCount: Int {
        distiller.method.namedParameters.reduce(0) { $0 + $1.parameter.value.count }
    }

    /// Upstream's report before training (spec/training.md §9):
    /// `The student base parameters: 11.441 M, Extra parameters of D3: 0.000 M, and base flops: 37.05 MMac`.
    /// Upstream prints 0 extra parameters for every method; AIRS counts UGD's projectors.
    public func startReport() throws -> String {
        let complexity = try studentComplexity()
        return "The student base parameters: \(Self.millions(complexity.parametersWithoutClassifier, digits: 3)) M, "
            + "Extra parameters of \(methodName): \(Self.millions(extraParameterCount, digits: 3)) M, "
            + "and base flops: \(Self.pad(Self.macsText(complexity.macs), 8))"
    }

    /// The report after training: the same figures plus the mean time per batch over every
    /// step this process ran, and the count of skipped non-finite steps.
    public func endReport() throws -> String {
        let perBatch = timedSteps > 0 ? timedSeconds / Double(timedSteps) : 0
        return try startReport() + String(format: "; Time/Batch: %.3fs over %d steps", perBatch, timedSteps)
            + "; skipped non-finite steps: \(skippedSteps)"
    }

    /// Upstream's `inference_speed.txt` block (appended at the start of training).
    func inferenceSpeedText() throws -> String {
        let complexity = try studentComplexity()
        return Self.pad("Base Parameters: ", 30)
            + "  \(Self.millions(complexity.parametersWithoutClassifier, digits: 2)) M\n"
            + Self.pad("Extra Parameters: ", 30) + "  \(Self.millions(extraParameterCount, digits: 2)) M\n"
            + Self.pad("Base FLOPs: ", 30) + "  \(Self.pad(Self.macsText(complexity.macs), 8)) \n"
            + "-----------------\n"
    }

    /// One line per network naming where its weights came from:
    /// `Weights: student ResNet18: 120 tensors from /…/resnet18-5c106cde.pth (…)`.
    public var weightsReport: String {
        weightsSources.map { "Weights: \($0)" }.joined(separator: "\n")
    }

    /// Logs the start report and the weights' sources, and appends `inference_speed.txt` (once,
    /// at the first step of a fresh run).
    func reportStart() throws {
        guard let folder else { return }
        folder.log(try startReport())
        // Upstream's "base parameters" leave out the classifier; say so beside the full count.
        folder.log("The student: \(ParameterCounts(student)) (the base parameters above)")
        for source in weightsSources { folder.log("Weights: \(source)") }
        folder.append(try inferenceSpeedText(), to: "inference_speed.txt")
    }

    /// ptflops' `flops_to_string` with its default precision: `999.31 MMac`, `1.82 GMac`.
    static func macsText(_ macs: Int) -> String {
        let value = Double(macs)
        if macs / 1_000_000_000 > 0 { return String(format: "%.2f GMac", value / 1e9) }
        if macs / 1_000_000 > 0 { return String(format: "%.2f MMac", value / 1e6) }
        if macs / 1_000 > 0 { return String(format: "%.2f KMac", value / 1e3) }
        return "\(macs) Mac"
    }

    static func millions(_ count: Int, digits: Int) -> String { String(format: "%.\(digits)f", Double(count) / 1e6) }

    /// Python's `{:<n}`: left-aligned, padded with spaces to at least `width` characters.
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
