import Foundation

/// One epoch of batches produced on a background thread into a bounded prefetch queue.
///
/// The producer makes batches in order and blocks when `capacity` batches wait unconsumed;
/// `next()` blocks until the next batch is ready. An error thrown while making a batch (a
/// decode error naming the file) is rethrown by `next()` and ends the stream. Dropping the
/// stream or calling `cancel()` stops the producer.
public final class BatchStream<Batch: Sendable>: @unchecked Sendable {
    private let buffer: PrefetchBuffer<Batch>

    /// Number of batches this epoch will yield.
    public let count: Int

    /// Starts producing batches `make(0) ..< make(count)` on a background thread.
    init(count: Int, capacity: Int, make: @escaping @Sendable (Int) throws -> Batch) {
        self.count = count
        let buffer = PrefetchBuffer<Batch>(capacity: max(1, capacity))
        self.buffer = buffer
        let thread = Thread {
            buffer.produce(count: count, make: make)
        }
        thread.name = "airs.loader"
        thread.start()
    }

    deinit { buffer.cancel() }

    /// The next batch, nil at the end of the epoch; rethrows a worker's error.
    public func next() throws -> Batch? {
        try buffer.take()
    }

    /// Stops the producer; later `next()` calls return nil.
    public func cancel() { buffer.cancel() }
}

/// The lock-protected queue shared by the producer thread and the consumer.
final class PrefetchBuffer<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Result<Batch, Error>] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func produce(count: Int, make: (Int) throws -> Batch) {
        for index in 0..<count {
            condition.lock()
            while queue.count >= capacity && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { break }
            let result = Result { try make(index) }
            condition.lock()
            queue.append(result)
            condition.broadcast()
            condition.unlock()
            if case .failure = result { break }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func take() throws -> Batch? {
        condition.lock()
        while queue.isEmpty && !finished && !cancelled { condition.wait() }
        guard !cancelled, !queue.isEmpty else {
            condition.unlock()
            return nil
        }
        let result = queue.removeFirst()
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
