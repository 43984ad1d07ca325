/// A value made once, by the first test that asks for it, and shared by the tests that run at
/// the same time: they wait for it in a task (a `static let` would block their threads, of
/// which the test runner has one a core). A failure is kept and thrown to every asker.
public actor AsyncOnce<Value: Sendable> {
    private let make: @Sendable () async throws -> Value
    private var task: Task<Value, Error>?

    /// A value that `make` will make on first use.
    public init(_ make: @escaping @Sendable () async throws -> Value) {
        self.make = make
    }

    /// The value, made now if no test asked for it before.
    public func value() async throws -> Value {
        let make = self.make
        let task = self.task ?? Task { try await make() }
        self.task = task
        return try await task.value
    }
}
