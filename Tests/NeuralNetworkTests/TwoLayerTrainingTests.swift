import NeuralNetwork
import TensorEngine
import Testing

/// A two-layer network trained for a few SGD steps gives the losses computed by hand.
@Test func twoLayerNetworkMatchesHandComputation() throws {
    var generator = RandomGenerator(seed: 3)
    let first = Linear(inFeatures: 2, outFeatures: 2, bias: false, generator: &generator)
    let second = Linear(inFeatures: 2, outFeatures: 1, bias: false, generator: &generator)
    let network = Sequential([first, Activation(.relu), second])
    try first.weight.assign(try Tensor(shape: [2, 2], scalars: [0.5, -0.25, 0.75, 1.0]))
    try second.weight.assign(try Tensor(shape: [1, 2], scalars: [1.5, -0.5]))
    let x = try Tensor(shape: [1, 2], scalars: [1, 2])
    let sgd = SGD(
        groups: ParameterGroup.upstreamGroups(network.namedParameters(), baseLearningRate: 0.1, weightDecay: 0),
        momentum: 0)
    #expect(network.namedParameters().map(\.name) == ["0.weight", "2.weight"])

    // By hand: h = relu(W1 x), y = W2 h, loss = (y − 1)², gradients by the chain rule.
    var w1 = [[0.5, -0.25], [0.75, 1.0]]
    var w2 = [1.5, -0.5]
    for _ in 0..<3 {
        let pre = [w1[0][0] * 1 + w1[0][1] * 2, w1[1][0] * 1 + w1[1][1] * 2]
        let h = pre.map { max($0, 0) }
        let y = w2[0] * h[0] + w2[1] * h[1]
        let expectedLoss = (y - 1) * (y - 1)
        sgd.zeroGradients()
        let loss = try (network(x) - 1).square().sum()
        #expect(abs(try loss.item() - expectedLoss) < 1e-5)
        try loss.backward()
        try sgd.step()
        let dy = 2 * (y - 1)
        let gw2 = [dy * h[0], dy * h[1]]
        let dh = [dy * w2[0] * (pre[0] > 0 ? 1 : 0), dy * w2[1] * (pre[1] > 0 ? 1 : 0)]
        for i in 0..<2 { w2[i] -= 0.1 * gw2[i] }
        for i in 0..<2 {
            w1[i][0] -= 0.1 * dh[i] * 1
            w1[i][1] -= 0.1 * dh[i] * 2
        }
    }
}
