#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Knows how much machine stack the current thread has left, so deep recursion in scripts
/// becomes a `recursion` diagnostic instead of a crash, whatever thread runs the interpreter.
struct StackGuard {
    /// Lowest usable stack address plus a safety margin; nil if the platform cannot tell.
    private let limit: UInt?

    /// Measures the calling thread's stack.
    init() {
        guard let (low, size) = Self.currentThreadStack() else {
            limit = nil
            return
        }
        // Keep a quarter of the stack (at most 1 MiB) for the frames between two checks,
        // which are large in debug builds.
        let margin = min(UInt(size) / 4, 1 << 20)
        limit = low + margin
    }

    /// Whether there is still room for more nesting on this thread.
    func hasRoom() -> Bool {
        guard let limit else { return true }
        return Self.currentAddress() > limit
    }

    @inline(never)
    private static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    private static func currentThreadStack() -> (low: UInt, size: Int)? {
        #if canImport(Glibc)
            var attributes = pthread_attr_t()
            guard getThreadAttributes(pthread_self(), &attributes) == 0 else { return nil }
            defer { pthread_attr_destroy(&attributes) }
            var address: UnsafeMutableRawPointer?
            var size = 0
            guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
            return (UInt(bitPattern: address), size)
        #elseif canImport(Darwin)
            let thread = pthread_self()
            let high = UInt(bitPattern: pthread_get_stackaddr_np(thread))
            let size = pthread_get_stacksize_np(thread)
            return (high - UInt(size), size)
        #else
            return nil
        #endif
    }
}

#if canImport(Glibc)
    // A GNU extension that the Glibc module does not export (it needs _GNU_SOURCE); same C signature.
    @_silgen_name("pthread_getattr_np")
    private func getThreadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif
