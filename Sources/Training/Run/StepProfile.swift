import Foundation
import TensorEngine

/// Where the steps' time went on this process, phase by phase, in wall seconds and CPU seconds
/// (the process's: every thread's, the loader's included), and what the steps exchanged with
/// the other ranks. `airs train --profile` logs every rank's.
public struct StepProfile: Sendable, Equatable {
    /// The phases of a step, in order.
    public enum Phase: String, CaseIterable, Sendable {
        /// Waiting for the loaders' next batches.
        case loader
        /// The networks on this rank's share, with the batch-norm reductions and the gathers.
        case forward
        /// The losses on the global batch.
        case losses
        /// Back-propagation, with the batch-norm reductions of the backward.
        case backward
        /// Summing the parameter gradients over the ranks.
        case gradientSum = "gradient sum"
        /// The optimizer step.
        case optimizer
    }

    /// Wall seconds per phase, summed over the steps.
    public private(set) var wall: [Phase: Double] = [:]
    /// CPU seconds per phase, summed over the steps.
    public private(set) var cpu: [Phase: Double] = [:]
    /// The steps profiled.
    public internal(set) var steps = 0
    /// What the steps' collectives moved, per kind (empty on one process).
    public internal(set) var exchanged: [MeteredProcessGroup.Kind: MeteredProcessGroup.Tally] = [:]

    /// A reading of both clocks.
    struct Reading {
        var wall: Double
        var cpu: Double

        static var now: Reading {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Reading(
                wall: Double(DispatchTime.now().uptimeNanoseconds) / 1e9,
                cpu: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
        }
    }

    /// Adds the time from `start` to now to `phase`.
    mutating func add(_ phase: Phase, since start: Reading) {
        let end = Reading.now
        wall[phase, default: 0] += end.wall - start.wall
        cpu[phase, default: 0] += end.cpu - start.cpu
    }

    /// Adds the collectives' tallies between two readings of a metered group.
    mutating func addExchange(
        from before: [MeteredProcessGroup.Kind: MeteredProcessGroup.Tally],
        to after: [MeteredProcessGroup.Kind: MeteredProcessGroup.Tally]
    ) {
        for (kind, tally) in after {
            exchanged[kind, default: .init()] =
                exchanged[kind, default: .init()] + (tally - before[kind, default: .init()])
        }
    }
}

extension StepProfile {
    /// `Step profile, rank 0 of 2 (46 steps; seconds a step, wall/CPU): loader 0.001/0.000, …`,
    /// with the wall time inside collectives.
    public func line(rank: Int, of size: Int) -> String {
        let count = Double(max(steps, 1))
        let phases = Phase.allCases.map {
            String(format: "%@ %.3f/%.3f", $0.rawValue, wall[$0, default: 0] / count, cpu[$0, default: 0] / count)
        }
        let total = String(
            format: "total %.3f/%.3f", wall.values.reduce(0, +) / count, cpu.values.reduce(0, +) / count)
        let inside = exchanged.values.reduce(MeteredProcessGroup.Tally(), +)
        return "Step profile, rank \(rank) of \(size) (\(steps) steps; seconds a step, wall/CPU): "
            + phases.joined(separator: ", ") + "; " + total
            + (size > 1
                ? String(format: "; inside collectives %.3f/%.3f", inside.seconds / count, inside.cpuSeconds / count)
                : "")
    }

    /// `Exchanged a step: all-reduce Float 45.97 MB in 1 call, …; 50.46 MB in 131 calls`: what
    /// this rank's collectives moved per step; nil when nothing was exchanged.
    public var exchangeLine: String? {
        guard !exchanged.isEmpty else { return nil }
        let count = Double(max(steps, 1))
        func text(_ tally: MeteredProcessGroup.Tally, _ name: String) -> String {
            let calls = Double(tally.calls) / count
            return String(
                format: "%@%.2f MB in %@ call%@", name, Double(tally.bytes) / count / 1e6,
                calls == calls.rounded() ? "\(Int(calls))" : String(format: "%.1f", calls), calls == 1 ? "" : "s")
        }
        let kinds = MeteredProcessGroup.Kind.allCases.compactMap { kind in
            exchanged[kind].map { text($0, kind.rawValue + " ") }
        }
        let total = exchanged.values.reduce(MeteredProcessGroup.Tally(), +)
        return "Exchanged a step: " + kinds.joined(separator: ", ") + "; " + text(total, "")
    }

    /// The figures as numbers, for gathering every rank's (`init(numbers:)` reads them back).
    var numbers: [Double] {
        [Double(steps)] + Phase.allCases.flatMap { [wall[$0, default: 0], cpu[$0, default: 0]] }
            + MeteredProcessGroup.Kind.allCases.flatMap { kind in
                exchanged[kind].map { [Double($0.calls), Double($0.bytes), $0.seconds, $0.cpuSeconds] } ?? [
                    -1, 0, 0, 0,
                ]
            }
    }

    /// The profile `numbers` gave.
    init(numbers: ArraySlice<Double>) {
        var values = numbers.makeIterator()
        steps = Int(values.next() ?? 0)
        for phase in Phase.allCases {
            wall[phase] = values.next()
            cpu[phase] = values.next()
        }
        for kind in MeteredProcessGroup.Kind.allCases {
            let (calls, bytes) = (values.next() ?? -1, values.next() ?? 0)
            let (seconds, cpuSeconds) = (values.next() ?? 0, values.next() ?? 0)
            if calls >= 0 {
                exchanged[kind] = .init(calls: Int(calls), bytes: Int(bytes), seconds: seconds, cpuSeconds: cpuSeconds)
            }
        }
    }
}
