import Foundation
import NeuralNetwork
import TensorEngine
import Testing

/// SGD and AdamW step by step against `torch.optim` on the same problem
/// (`Fixtures/optimizer_steps.json`, written by `Fixtures/make_optimizer_steps.py`): two
/// parameter groups with their own lr and weight decay, the lr halved after step 2.
@Suite struct TorchOptimizerTests {
    struct Group: Decodable {
        let name: String
        let lr: Double
        let weight_decay: Double
    }

    struct Values: Decodable {
        let weight: [Double]
        let bias: [Double]
    }

    struct Reference: Decodable {
        let weight, target_weight, scale_weight: [[Double]]
        let bias, target_bias, scale_bias: [Double]
        let groups: [Group]
        let lr_factor_from_step_3: Double
        let sgd_momentum: Double
        let sgd, adamw: [Values]
    }

    static let reference: Reference? = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/optimizer_steps.json")
        return (try? Data(contentsOf: file)).flatMap {
            try? JSONDecoder().decode(Reference.self, from: $0)
        }
    }()

    /// Runs `make`'s optimizer for as many steps as the reference has and compares every value.
    func replay(_ make: ([ParameterGroup]) -> any Optimizer, expected: KeyPath<Reference, [Values]>)
        throws
    {
        let reference = try #require(
            Self.reference, "Fixtures/optimizer_steps.json is missing or malformed")
        let weight = Parameter(try Tensor(shape: [2, 3], doubles: reference.weight.flatMap { $0 }))
        let bias = Parameter(try Tensor(shape: [3], doubles: reference.bias))
        let parameters = ["weight": weight, "bias": bias]
        let groups = try reference.groups.map { group in
            ParameterGroup(
                name: group.name, parameter: try #require(parameters[group.name]),
                learningRate: group.lr, weightDecay: group.weight_decay)
        }
        let optimizer = make(groups)
        let targetWeight = try Tensor(
            shape: [2, 3], doubles: reference.target_weight.flatMap { $0 })
        let scaleWeight = try Tensor(shape: [2, 3], doubles: reference.scale_weight.flatMap { $0 })
        let targetBias = try Tensor(shape: [3], doubles: reference.target_bias)
        let scaleBias = try Tensor(shape: [3], doubles: reference.scale_bias)
        for (step, values) in reference[keyPath: expected].enumerated() {
            if step == 2 { optimizer.setLearningRateFactor(reference.lr_factor_from_step_3) }
            optimizer.zeroGradients()
            let loss =
                try (scaleWeight * (weight.value - targetWeight).square()).sum()
                + (scaleBias * (bias.value - targetBias).square()).sum()
            try loss.backward()
            try optimizer.step()
            for (actual, wanted) in zip(
                weight.value.doubles + bias.value.doubles, values.weight + values.bias)
            {
                #expect(
                    abs(actual - wanted) <= 1e-12 * max(1, abs(wanted)),
                    "step \(step + 1): \(actual) vs \(wanted)")
            }
        }
    }

    @Test func sgdMatchesTorch() throws {
        let momentum = try #require(Self.reference).sgd_momentum
        try replay({ SGD(groups: $0, momentum: momentum) }, expected: \.sgd)
    }

    @Test func adamWMatchesTorch() throws {
        try replay({ Adam.adamW(groups: $0) }, expected: \.adamw)
    }
}
