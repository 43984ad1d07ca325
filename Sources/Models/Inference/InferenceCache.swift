import Foundation
import NeuralNetwork
import TensorEngine

/// A network's lowered form and its plans by input shape and precision, valid while the
/// weights it was made from are the ones the network holds.
///
/// Weights are never written in place (optimizer steps, checkpoint loads and `assign` all
/// give a parameter or buffer a new tensor), so the identity of every parameter's and
/// buffer's storage is the weights' version: a frozen teacher lowers once, a student's
/// query network again after each optimizer step.
final class InferenceCache<Lowered>: @unchecked Sendable {
    private struct PlanKey: Hashable {
        let shape: [Int]
        let type: DNNLDataType
    }

    private let lock = NSLock()
    private var stamp: [Tensor] = []
    private var lowered: Lowered?
    private var plans: [PlanKey: InferencePlan] = [:]
    /// Plans kept per weights: a run's full batches, its last partial one, and a few more.
    private let capacity = 4

    /// The plan for `inputShape` in `type` over `module`'s current weights, lowering them
    /// (`lower`) and planning (`plan`) when they or the shape are new.
    func plan(
        for module: any Module, inputShape: [Int], type: DNNLDataType, lower: () throws -> Lowered,
        plan: (Lowered) throws -> InferencePlan
    ) throws -> InferencePlan {
        let weights = module.namedParameters().map(\.parameter.value) + module.namedBuffers().map(\.buffer.value)
        return try lock.withLock {
            let unchanged =
                weights.count == stamp.count
                && zip(weights, stamp).allSatisfy { $0.storage === $1.storage && $0.offset == $1.offset }
            if !unchanged || lowered == nil {
                plans = [:]
                lowered = try lower()
                stamp = weights
            }
            let key = PlanKey(shape: inputShape, type: type)
            if let cached = plans[key] { return cached }
            guard let lowered else { throw TensorError.invalidArgument(op: "InferenceCache", message: "not lowered") }
            let made = try plan(lowered)
            if plans.count >= capacity { plans.removeAll() }
            plans[key] = made
            return made
        }
    }
}
