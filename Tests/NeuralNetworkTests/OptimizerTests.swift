import Foundation
import NeuralNetwork
import TensorEngine
import Testing

/// Optimizer updates against the formulas of spec/training.md §4, step by step.
@Suite struct OptimizerTests {
    func quadraticGradient(_ parameter: Parameter, target: [Double]) throws {
        let t = try Tensor(shape: parameter.value.shape, doubles: target)
        try (parameter.value - t).square().sum().backward()
    }

    @Test func sgdMomentumWithCoupledDecay() throws {
        let p = Parameter(try Tensor(shape: [2], doubles: [1, -2]))
        let sgd = SGD(
            groups: [ParameterGroup(name: "w", parameter: p, learningRate: 0.1, weightDecay: 0.01)], momentum: 0.9)
        var w = [1.0, -2.0]
        var v = [0.0, 0.0]
        for step in 0..<3 {
            sgd.zeroGradients()
            try quadraticGradient(p, target: [0.5, 0.5])
            try sgd.step()
            for i in 0..<2 {
                let g = 2 * (w[i] - 0.5) + 0.01 * w[i]
                v[i] = step == 0 ? g : 0.9 * v[i] + g
                w[i] -= 0.1 * v[i]
            }
            #expect(zip(p.value.doubles, w).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }

    @Test func nesterov() throws {
        let p = Parameter(try Tensor(shape: [1], doubles: [3]))
        let sgd = SGD(
            groups: [ParameterGroup(name: "w", parameter: p, learningRate: 0.1, weightDecay: 0)], momentum: 0.5,
            nesterov: true)
        try quadraticGradient(p, target: [0])
        try sgd.step()
        // g = 6, v = 6, update g + μv = 9
        #expect(abs(p.value.doubles[0] - (3 - 0.9)) < 1e-12)
    }

    @Test func adamWMatchesFormula() throws {
        let p = Parameter(try Tensor(shape: [1], doubles: [1]))
        let adam = Adam.adamW(groups: [ParameterGroup(name: "w", parameter: p, learningRate: 0.01, weightDecay: 0.1)])
        var w = 1.0
        var m = 0.0
        var v = 0.0
        for t in 1...3 {
            adam.zeroGradients()
            try quadraticGradient(p, target: [0])
            try adam.step()
            let g = 2 * w
            w *= 1 - 0.01 * 0.1
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            let mh = m / (1 - pow(0.9, Double(t)))
            let vh = v / (1 - pow(0.999, Double(t)))
            w -= 0.01 * mh / (vh.squareRoot() + 1e-8)
            #expect(abs(p.value.doubles[0] - w) < 1e-12)
        }
    }

    @Test func stateRoundTripsAndRejectsWrongShapes() throws {
        let p = Parameter(try Tensor(shape: [2], doubles: [1, 2]))
        let sgd = SGD(groups: [ParameterGroup(name: "w", parameter: p, learningRate: 0.1, weightDecay: 0)])
        try quadraticGradient(p, target: [0, 0])
        try sgd.step()
        let state = sgd.stateTensors()
        #expect(state["w.momentum_buffer"]?.doubles == [2, 4])
        let other = SGD(groups: sgd.groups)
        try other.loadState(state)
        #expect(other.stateTensors()["w.momentum_buffer"]?.doubles == [2, 4])
        #expect(throws: TensorError.self) { try other.loadState(["w.momentum_buffer": Tensor.zeros([3])]) }
    }

    @Test func savedStateIsASnapshot() throws {
        let p = Parameter(try Tensor(shape: [2], doubles: [1, 2]))
        let sgd = SGD(
            groups: [ParameterGroup(name: "w", parameter: p, learningRate: 0.1, weightDecay: 0)], momentum: 0.9)
        try quadraticGradient(p, target: [0, 0])
        try sgd.step()
        let saved = sgd.stateTensors()["w.momentum_buffer"]
        sgd.zeroGradients()
        try quadraticGradient(p, target: [0, 0])
        try sgd.step()
        #expect(saved?.doubles == [2, 4])
        #expect(sgd.stateTensors()["w.momentum_buffer"]?.doubles != [2, 4])
    }

    @Test func upstreamGroupsApplyBiasAndClassifierRules() {
        var generator = RandomGenerator(seed: 1)
        let layer = Linear(inFeatures: 2, outFeatures: 2, generator: &generator)
        let groups = ParameterGroup.upstreamGroups(
            [("classifier.weight", layer.weight), ("fc.bias", layer.bias!)], baseLearningRate: 0.1, weightDecay: 5e-4,
            biasLearningRateFactor: 2, biasWeightDecay: 0, largeClassifierRate: true, classifierRateFactor: 10)
        #expect(groups.map(\.learningRate) == [1.0, 0.2])
        #expect(groups.map(\.weightDecay) == [5e-4, 0])
    }
}
