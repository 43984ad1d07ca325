import CDNNL
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// oneDNN's CPU engine and its one in-order stream, created once per process.
///
/// Primitives are immutable and may be shared, but a stream is not: every execution takes
/// `lock`, runs the primitive and waits for it, so any thread may call `execute` at any time.
/// Debian's oneDNN parallelises with OpenMP, whose thread count is per calling thread; each
/// execution sets it to `Parallelism.threads` so that oneDNN uses the cores AIRS was given.
public final class DNNLEngine: @unchecked Sendable {
    typealias SetThreads = @convention(c) (Int32) -> Void

    let engine: dnnl_engine_t
    private let stream: dnnl_stream_t
    private let lock = NSLock()
    let setOpenMPThreads: SetThreads?

    private static let created: Result<DNNLEngine, TensorError> = Result { try DNNLEngine() }
        .mapError { $0 as? TensorError ?? .dnnlFailure(primitive: "engine", status: "\($0)") }

    /// The process-wide engine.
    /// - Throws: `TensorError.dnnlFailure` when oneDNN cannot create a CPU engine or stream.
    public static func shared() throws -> DNNLEngine { try created.get() }

    private init() throws {
        var engine: dnnl_engine_t?
        try check(dnnl_engine_create(&engine, dnnl_cpu, 0), "engine")
        var stream: dnnl_stream_t?
        try check(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "stream")
        guard let engine, let stream else { throw TensorError.dnnlFailure(primitive: "engine", status: "no engine") }
        self.engine = engine
        self.stream = stream
        // libdnnl links libgomp, so it is already loaded; nothing of ours links it directly.
        let openMP = dlopen("libgomp.so.1", RTLD_NOW | RTLD_NOLOAD)
        setOpenMPThreads = dlsym(openMP, "omp_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
    }

    /// Runs `primitive` on `arguments` and waits for it to finish.
    /// - Throws: `TensorError.dnnlFailure` naming the primitive when oneDNN rejects the call.
    public func execute(_ primitive: DNNLPrimitive, _ arguments: [DNNLPrimitive.Argument: DNNLMemory]) throws {
        let args = arguments.map { dnnl_exec_arg_t(arg: $0.key.index, memory: $0.value.handle) }
        try exclusively {
            try withExtendedLifetime(arguments) {
                try check(dnnl_primitive_execute(primitive.handle, stream, Int32(args.count), args), primitive.name)
                try check(dnnl_stream_wait(stream), primitive.name)
            }
        }
    }

    /// Runs `body` under the lock with OpenMP at `Parallelism.threads`.
    func exclusively(_ body: () throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        setOpenMPThreads?(Int32(Parallelism.threads))
        try body()
    }
}

/// Throws `TensorError.dnnlFailure` naming `primitive` unless `status` is success.
func check(_ status: dnnl_status_t, _ primitive: String) throws {
    guard status != dnnl_success else { return }
    let reason: String
    switch status {
    case dnnl_out_of_memory: reason = "out of memory"
    case dnnl_invalid_arguments: reason = "invalid arguments"
    case dnnl_unimplemented: reason = "no implementation for these shapes, types and formats on this CPU"
    case dnnl_runtime_error: reason = "runtime error"
    default: reason = "status \(status.rawValue)"
    }
    throw TensorError.dnnlFailure(primitive: primitive, status: reason)
}
