import TensorEngine
import TestSupport
import Testing

@testable import Distillers

/// UGD's projectors as modules of the run: names, state entries, and the bias rule's input.
@Suite struct UGDStateTests {
    @Test func projectorsAreModulesWithUpstreamNames() throws {
        let ugd = try UGD(
            source: [String: SettingValue](),
            context: DistillerContext(studentName: "ResNet18", studentInputSize: [128, 128]))
        #expect(ugd.modules.map(\.name) == ["projector", "projector_half"])
        #expect(
            ugd.namedParameters.map(\.name) == [
                "projector.bn1.weight", "projector.bn1.bias", "projector.linear.weight",
                "projector.bn2.weight", "projector.bn2.bias", "projector_half.bn1.weight",
                "projector_half.bn1.bias", "projector_half.linear.weight",
                "projector_half.bn2.weight", "projector_half.bn2.bias",
            ])
        #expect(ugd.stateEntries.count == 18 && ugd.stateEntries[6].name == "projector.bn1.running_var")
        let bias = try #require(ugd.stateEntries.first { $0.name == "projector_half.bn2.bias" })
        try bias.assign(Tensor.full([512], value: 0.25))
        #expect(bias.value.doubles.allSatisfy { $0 == 0.25 } && bias.value.requiresGradient)
        #expect(throws: (any Error).self) { try bias.assign(Tensor.zeros([3])) }
        #expect(try FitNet(source: [String: SettingValue]()).modules.isEmpty)
    }

    @Test func evalModeUsesTheRunningStatistics() throws {
        var generator = RandomGenerator(seed: 1)
        let projector = UGDProjector(channels: 3, width: 4, dtype: .float64, generator: &generator)
        projector.isTraining = false
        let rows = randomTensor([5, 3], seed: 2)
        _ = try projector(rows)
        #expect(projector.bn1RunningMean.value.doubles == [0, 0, 0])
        projector.isTraining = true
        _ = try projector(rows)
        #expect(projector.bn1RunningMean.value.doubles != [0, 0, 0])
    }

    @Test func distillerGalleryFeatureFollowsTheMethod() throws {
        let student = Fixtures.outputs(randomTensor([2, 3], seed: 1))
        let teacher = Fixtures.outputs(randomTensor([2, 3], seed: 2))
        let vanilla = try Distiller(type: "NONE", source: [String: SettingValue]())
        let d3 = try Distiller(type: "D3", source: [String: SettingValue]())
        #expect(try vanilla.galleryFeature(student: student, teacher: nil).doubles == student.retrievalFeature.doubles)
        #expect(try d3.galleryFeature(student: student, teacher: teacher).doubles == teacher.retrievalFeature.doubles)
        #expect(d3.queryFeature(student: student).doubles == student.retrievalFeature.doubles)
        #expect(throws: DistillerError.self) { try d3.galleryFeature(student: student, teacher: nil) }
    }
}
