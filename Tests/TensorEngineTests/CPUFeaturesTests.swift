import TensorEngine
import Testing

/// Which OpenBLAS kernel a CPU gets, and the notice when the environment holds it back.
@Suite struct CPUFeaturesTests {
    static let avx512 = ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"]

    @Test func bestCoreTypeFollowsTheInstructionSets() {
        #expect(CPUFeatures(flags: Set(Self.avx512 + ["avx512_bf16"])).bestOpenBLASCoreType == "Cooperlake")
        #expect(CPUFeatures(flags: Set(Self.avx512)).bestOpenBLASCoreType == "SkylakeX")
        #expect(CPUFeatures(flags: ["avx2", "fma"]).bestOpenBLASCoreType == "Haswell")
        #expect(CPUFeatures(flags: ["sse2"]).bestOpenBLASCoreType == nil)
    }

    @Test func noticeOnlyWhenTheEnvironmentChoosesANarrowerKernel() throws {
        let cooperlake = CPUFeatures(flags: Set(Self.avx512 + ["avx512_bf16"]))
        let notice = try #require(cooperlake.openBLASCoreTypeNotice(environment: ["OPENBLAS_CORETYPE": "Haswell"]))
        #expect(notice.contains("OPENBLAS_CORETYPE=Haswell") && notice.contains("Cooperlake"))
        #expect(cooperlake.openBLASCoreTypeNotice(environment: ["OPENBLAS_CORETYPE": "prescott"]) != nil)
        #expect(cooperlake.openBLASCoreTypeNotice(environment: ["OPENBLAS_CORETYPE": "cooperlake"]) == nil)
        #expect(cooperlake.openBLASCoreTypeNotice(environment: [:]) == nil)
        let haswell = CPUFeatures(flags: ["avx2", "fma"])
        #expect(haswell.openBLASCoreTypeNotice(environment: ["OPENBLAS_CORETYPE": "Haswell"]) == nil)
    }
}
