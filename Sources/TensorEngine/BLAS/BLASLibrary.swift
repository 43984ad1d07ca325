import COpenBLAS
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// OpenBLAS, opened at run time so that its kernel can be chosen first.
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` once, while the shared library loads (a C constructor of
/// ours would run too late), and Debian's 0.3.21 does not recognise current Xeons: left alone it
/// runs a generic kernel 5–8x slower than the AVX-512 one. So nothing links `libopenblas`; the
/// first GEMM sets the variable from `CPUFeatures` (unless the user set it) and then `dlopen`s.
final class BLASLibrary: @unchecked Sendable {
    typealias Sgemm =
        @convention(c) (
            CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32,
            Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
            Float, UnsafeMutablePointer<Float>?, Int32
        ) -> Void
    typealias Dgemm =
        @convention(c) (
            CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32,
            Double, UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32,
            Double, UnsafeMutablePointer<Double>?, Int32
        ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias CoreName = @convention(c) () -> UnsafeMutablePointer<CChar>?

    let sgemm: Sgemm
    let dgemm: Dgemm
    let setThreads: SetThreads
    /// The kernel OpenBLAS settled on (`Cooperlake`, `SkylakeX`, `Prescott`, …).
    let coreName: String

    /// The process-wide library. Loading failure is an installation error that no user input
    /// can cause or repair from inside the program, hence the trap with the fix in its message.
    static let shared: BLASLibrary = {
        do { return try BLASLibrary() } catch { fatalError("\(error)") }
    }()

    private init() throws {
        if getenv("OPENBLAS_CORETYPE") == nil, let core = CPUFeatures.current.bestOpenBLASCoreType {
            setenv("OPENBLAS_CORETYPE", core, 0)
        }
        // BLAS threads are set per call site (`BLAS.threads`); start from one so that a
        // library loaded inside a parallel region does not oversubscribe the cores.
        if getenv("OPENBLAS_NUM_THREADS") == nil { setenv("OPENBLAS_NUM_THREADS", "1", 0) }
        guard
            let handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_GLOBAL)
                ?? dlopen("libopenblas.so", RTLD_NOW | RTLD_GLOBAL)
        else {
            throw TensorError.libraryUnavailable(
                "libopenblas.so.0 could not be loaded (\(String(cString: dlerror()))); "
                    + "run Scripts/install-dependencies.sh, which installs libopenblas-dev")
        }
        func symbol<F>(_ name: String, as type: F.Type) throws -> F {
            guard let pointer = dlsym(handle, name) else {
                throw TensorError.libraryUnavailable("libopenblas has no symbol \(name)")
            }
            return unsafeBitCast(pointer, to: type)
        }
        sgemm = try symbol("cblas_sgemm", as: Sgemm.self)
        dgemm = try symbol("cblas_dgemm", as: Dgemm.self)
        setThreads = try symbol("openblas_set_num_threads", as: SetThreads.self)
        let name = try symbol("openblas_get_corename", as: CoreName.self)
        coreName = name().map { String(cString: $0) } ?? "unknown"
    }
}
