/// Work written once for every element type: `DType.dispatch(_:)` calls it with `Float` or
/// `Double`, so the body is compiled (specialised) for each and the dtype is looked at once,
/// before any loop runs. Swift closures cannot be generic, hence a type with a generic method.
protocol ElementTypeGeneric {
    associatedtype Output
    associatedtype Failure: Error = Never
    func callAsFunction<T: TensorScalar>(_: T.Type) throws(Failure) -> Output
}

extension DType {
    /// Runs `body` with the Swift type of this dtype. The only place an op turns its runtime
    /// dtype into a static element type.
    @inline(__always)
    func dispatch<Body: ElementTypeGeneric>(_ body: Body) throws(Body.Failure) -> Body.Output {
        switch self {
        case .float32: try body(Float.self)
        case .float64: try body(Double.self)
        }
    }
}
