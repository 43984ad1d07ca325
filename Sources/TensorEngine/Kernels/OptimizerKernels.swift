/// Hyperparameters of one SGD update, in the element type (as the tensor-op formulation
/// rounds its scalar operands).
struct SGDCoefficients<T: TensorScalar> {
    let learningRate, momentum, gradientShare, weightDecay: T
    let hasMomentum, nesterov, firstStep: Bool
}

/// PyTorch's SGD over `count` elements, with the operations in the order of its tensor form:
/// `d = g + w·wd;  v = v·μ + d·(1 − dampening)  (v = d on the first step);
/// d = nesterov ? d + v·μ : v;  w' = w − d·lr`. `velocity` is read (unless first) and written
/// when `hasMomentum`; `output` may be `weight` itself.
func sgdUpdate<T: TensorScalar>(
    weight: UnsafePointer<T>, gradient: UnsafePointer<T>, velocity: UnsafeMutablePointer<T>?,
    output: UnsafeMutablePointer<T>, count: Int, _ c: SGDCoefficients<T>
) {
    parallelChunks(count) { start, end in
        let (w, g, out, n) = (weight + start, gradient + start, output + start, end - start)
        guard c.hasMomentum, let velocity else {
            sgdRun(w, g, nil, out, n, c, decays: c.weightDecay != 0, first: false, nesterov: false)
            return
        }
        let v = velocity + start
        // Every flag a constant of its own loop, so that each loop vectorises.
        switch (c.weightDecay != 0, c.firstStep, c.nesterov) {
        case (false, false, false): sgdRun(w, g, v, out, n, c, decays: false, first: false, nesterov: false)
        case (false, false, true): sgdRun(w, g, v, out, n, c, decays: false, first: false, nesterov: true)
        case (false, true, false): sgdRun(w, g, v, out, n, c, decays: false, first: true, nesterov: false)
        case (false, true, true): sgdRun(w, g, v, out, n, c, decays: false, first: true, nesterov: true)
        case (true, false, false): sgdRun(w, g, v, out, n, c, decays: true, first: false, nesterov: false)
        case (true, false, true): sgdRun(w, g, v, out, n, c, decays: true, first: false, nesterov: true)
        case (true, true, false): sgdRun(w, g, v, out, n, c, decays: true, first: true, nesterov: false)
        case (true, true, true): sgdRun(w, g, v, out, n, c, decays: true, first: true, nesterov: true)
        }
    }
}

@inline(__always)
private func sgdRun<T: TensorScalar>(
    _ weight: UnsafePointer<T>, _ gradient: UnsafePointer<T>, _ velocity: UnsafeMutablePointer<T>?,
    _ output: UnsafeMutablePointer<T>, _ count: Int, _ c: SGDCoefficients<T>, decays: Bool, first: Bool, nesterov: Bool
) {
    guard let velocity else {
        for i in 0..<count {
            let w = weight[i]
            let d = decays ? gradient[i] + w * c.weightDecay : gradient[i]
            output[i] = w - d * c.learningRate
        }
        return
    }
    for i in 0..<count {
        let w = weight[i]
        let d = decays ? gradient[i] + w * c.weightDecay : gradient[i]
        let v = first ? d : velocity[i] * c.momentum + d * c.gradientShare
        velocity[i] = v
        let step = nesterov ? d + v * c.momentum : v
        output[i] = w - step * c.learningRate
    }
}
