import Foundation

/// The cores that tests lend to the processes they start. Tests run at the same time, and a
/// test that starts `airs` or `mpirun` waits for it without holding a core; without a budget
/// several such tests would start more busy processes than the machine has cores, and the
/// ranks of an `mpirun` job, which spin while they wait for each other, would take turns.
/// A job takes its cores before it starts and gives them back when it ends, first come first
/// served.
public actor CoreBudget {
    /// The budget of this machine's cores, shared by every test of the process.
    public static let machine = CoreBudget(cores: ProcessInfo.processInfo.activeProcessorCount)

    private let cores: Int
    private var free: Int
    private var waiting: [(cores: Int, resume: CheckedContinuation<Void, Never>)] = []

    /// A budget of `cores` cores (at least one).
    public init(cores: Int) {
        self.cores = max(1, cores)
        free = self.cores
    }

    /// Runs `body` once `cores` cores are free (all of them, when `cores` is more), and frees
    /// them when it returns or throws.
    public func lending<T: Sendable>(
        _ cores: Int, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let taken = min(max(1, cores), self.cores)
        if free >= taken, waiting.isEmpty {
            free -= taken
        } else {
            await withCheckedContinuation { waiting.append((taken, $0)) }
        }
        defer { give(taken) }
        return try await body()
    }

    private func give(_ taken: Int) {
        free += taken
        while let next = waiting.first, next.cores <= free {
            waiting.removeFirst()
            free -= next.cores
            next.resume.resume()
        }
    }
}
