import Testing
import TensorEngine
import TestSupport
@testable import Distillers

/// UGD's projectors as distiller state: names, assignment, and errors for unknown names.
@Suite struct UGDStateTests {
    @Test func parametersAndBuffersCarryUpstreamNamesAndAssign() throws {
        let ugd = try UGD(source: [String: SettingValue](), context: DistillerContext(studentName: "ResNet18", studentInputSize: [128, 128]))
        #expect(ugd.parameters.map(\.name) == ["projector.bn1.weight", "projector.bn1.bias", "projector.linear.weight",
                                                "projector.bn2.weight", "projector.bn2.bias", "projector_half.bn1.weight",
                                                "projector_half.bn1.bias", "projector_half.linear.weight",
                                                "projector_half.bn2.weight", "projector_half.bn2.bias"])
        #expect(ugd.buffers.count == 8 && ugd.buffers[1].name == "projector.bn1.running_var")
        try ugd.assign("projector_half.bn2.bias", Tensor.full([512], value: 0.25))
        let bias = ugd.parameters.first { $0.name == "projector_half.bn2.bias" }?.tensor
        #expect(bias?.doubles.allSatisfy { $0 == 0.25 } == true && bias?.requiresGradient == true)
        try ugd.assign("projector.bn1.running_mean", Tensor.full([256], value: 1))
        #expect(ugd.buffers[0].tensor.doubles.allSatisfy { $0 == 1 })
        #expect { try ugd.assign("projector.bn3.weight", Tensor.zeros([512])) } throws: {
            "\($0)".contains("projector.bn3.weight") || "\($0)".contains("bn3.weight")
        }
        #expect(throws: DistillerError.self) { try ugd.assign("projector.linear.weight", Tensor.zeros([3, 3])) }
        #expect(throws: DistillerError.self) { try FitNet(source: [String: SettingValue]()).assign("weight", Tensor.zeros([1])) }
    }

    @Test func distillerGalleryFeatureFollowsTheMethod() throws {
        let student = Fixtures.outputs(randomTensor([2, 3], seed: 1)), teacher = Fixtures.outputs(randomTensor([2, 3], seed: 2))
        let vanilla = try Distiller(type: "NONE", source: [String: SettingValue]())
        let d3 = try Distiller(type: "D3", source: [String: SettingValue]())
        #expect(try vanilla.galleryFeature(student: student, teacher: nil).doubles == student.retrievalFeature.doubles)
        #expect(try d3.galleryFeature(student: student, teacher: teacher).doubles == teacher.retrievalFeature.doubles)
        #expect(d3.queryFeature(student: student).doubles == student.retrievalFeature.doubles)
        #expect(throws: DistillerError.self) { try d3.galleryFeature(student: student, teacher: nil) }
    }
}
