/// Where `airs train` or `airs resume` said that Ctrl-C stopped a run, from its standard error:
/// `airs train: stopped: interrupted at epoch 2, step 3/5; continue with: airs resume FOLDER`.
struct RunStop: Comparable, CustomStringConvertible {
    /// The epoch, from 1, and the steps of it taken before the stop.
    var epoch: Int
    var step: Int
    /// The steps of that epoch (the identity sampler's count differs from epoch to epoch).
    var stepsPerEpoch: Int

    /// As `airs resume` names the point it starts from: `epoch 2, step 3`.
    var resumePoint: String { "epoch \(epoch), step \(step)" }

    var description: String { "\(resumePoint)/\(stepsPerEpoch)" }

    static func < (a: RunStop, b: RunStop) -> Bool { (a.epoch, a.step) < (b.epoch, b.step) }
}

extension RunStop {
    /// The stop `command` (`train` or `resume`) reported in `text`, if it reported one.
    init?(in text: String, command: String) {
        guard let match = text.firstMatch(of: /airs (\w+): stopped: interrupted at epoch (\d+), step (\d+)\/(\d+)/),
            match.1 == command, let epoch = Int(match.2), let step = Int(match.3), let steps = Int(match.4)
        else { return nil }
        self.init(epoch: epoch, step: step, stepsPerEpoch: steps)
    }
}
