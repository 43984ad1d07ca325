/// One line of `airs inspect`: a tensor's name, type, shape and value statistics.
public struct TensorSummary: Sendable, Equatable {
    /// The tensor name.
    public var name: String
    /// Its stored dtype.
    public var dtype: StoredDType
    /// Its shape.
    public var shape: [Int]
    /// Number of elements.
    public var count: Int
    /// Mean of the elements (`nil` when empty).
    public var mean: Double?
    /// Population standard deviation (divides by `count`, as NumPy's `std`; `nil` when empty).
    public var standardDeviation: Double?
    /// Smallest element (`nil` when empty).
    public var minimum: Double?
    /// Largest element (`nil` when empty).
    public var maximum: Double?

    /// Statistics of `tensor`, computed in double precision.
    public init(name: String, tensor: StoredTensor) {
        self.name = name
        dtype = tensor.dtype
        shape = tensor.shape
        count = tensor.count
        guard count > 0 else { return }
        var sum = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        var sawNaN = false
        let values = tensor.doubles()
        for value in values {
            sum += value
            if value.isNaN { sawNaN = true }
            low = min(low, value)
            high = max(high, value)
        }
        let average = sum / Double(count)
        // Two passes: the mean first, then squared deviations, which avoids cancellation.
        let variance = values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(count)
        mean = average
        standardDeviation = variance.squareRoot()
        minimum = sawNaN ? .nan : low
        maximum = sawNaN ? .nan : high
    }
}
