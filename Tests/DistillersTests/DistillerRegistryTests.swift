import TensorEngine
import TestSupport
import Testing

@testable import Distillers

/// The registry: upstream's names, one entry each, and errors listing the valid names.
@Suite struct DistillerRegistryTests {
    @Test func namesAreUpstreams() {
        #expect(
            Set(DistillerRegistry.names) == [
                "NONE", "VanillaKD", "FitNet", "PKT", "RKD", "CC", "CSD", "RAML", "ROP", "D3", "UGD",
            ])
        for (name, method) in DistillerRegistry.all { #expect(method.typeName == name) }
    }

    @Test func unknownNameListsTheValidOnes() throws {
        #expect { try DistillerRegistry.make("D4", source: [String: SettingValue]()) } throws: { error in
            DistillerRegistry.names.allSatisfy { "\(error)".contains($0) } && "\(error)".contains("'D4'")
        }
    }

    @Test(arguments: DistillerRegistry.names)
    func everyMethodBuildsFromDefaults(_ name: String) throws {
        let method = try DistillerRegistry.make(name, source: [String: SettingValue]())
        #expect(type(of: method).usesTeacher == (name != "NONE"))
        #expect(method.modules.isEmpty == (name != "UGD"))
    }

    @Test func loss_kdIsTheLossTimesKD_WEIGHT() throws {
        let (student, teacher) = Fixtures.features(batch: 5, dim: 4)
        let source: [String: SettingValue] = [
            "VanillaKD.KD_WEIGHT": .double(3), "FITNET.KD_WEIGHT": .double(3), "PKT.KD_WEIGHT": .double(3),
            "RKD.KD_WEIGHT": .double(3), "CC.KD_WEIGHT": .double(3), "CSD.KD_WEIGHT": .double(3), "CSD.TOPK": .int(5),
            "RAML.KD_WEIGHT": .double(3), "ROP.KD_WEIGHT": .double(3), "ROP.TOPK": .int(5), "D3.KD_WEIGHT": .double(3),
        ]
        let pure: [String: (Tensor, Tensor) throws -> Tensor] = [
            "VanillaKD": { try vanillaKDLoss(student: $0, teacher: $1, settings: .defaults) },
            "FitNet": { try fitNetLoss(student: $0, teacher: $1, settings: .defaults) },
            "PKT": { try pktLoss(student: $0, teacher: $1, settings: .defaults) },
            "RKD": { try rkdLoss(student: $0, teacher: $1, settings: .defaults) },
            "CC": { try ccLoss(student: $0, teacher: $1, settings: .defaults) },
            "CSD": { try csdLoss(student: $0, teacher: $1, settings: .init(["CSD.TOPK": .int(5)])) },
            "RAML": { try ramlLoss(student: $0, teacher: $1, settings: .defaults) },
            "ROP": { try ropLoss(student: $0, teacher: $1, settings: .init(["ROP.TOPK": .int(5)])) },
            "D3": { try d3stillLoss(student: $0, teacher: $1, settings: .defaults) },
        ]
        for (name, loss) in pure {
            let method = try DistillerRegistry.make(name, source: source)
            let weighted = try method.distillationLoss(
                student: Fixtures.outputs(student), teacher: Fixtures.outputs(teacher), targets: [])
            expectClose(
                [try weighted.item()], [try loss(student, teacher).item() * 3], "\(name) loss_kd", relative: 1e-14)
        }
    }

    @Test func ugdFromContextSizesItsProjectorsByTheStudentTable() throws {
        let context = DistillerContext(studentName: "MobileNetV3_Small", studentInputSize: [128, 128])
        let ugd = try UGD(source: ["UGD.DISTILLATION_LAYER": SettingValue.int(2)], context: context)
        #expect(ugd.gridSize == 8)
        let shapes = Dictionary(uniqueKeysWithValues: ugd.namedParameters.map { ($0.name, $0.parameter.value.shape) })
        #expect(shapes["projector.linear.weight"] == [512, 24] && shapes["projector_half.bn2.bias"] == [512])
        #expect(ugd.namedParameters.allSatisfy { $0.parameter.value.requiresGradient })
        #expect {
            try UGD(source: [String: SettingValue](), context: DistillerContext(studentName: "ResNet50"))
        } throws: {
            "\($0)".contains("DISTILLER.STUDENT_NAME") && "\($0)".contains("ResNet50")
        }
    }

    @Test func ugdWithoutATeacherHeadSaysSo() throws {
        let ugd = try UGD(source: [String: SettingValue]())
        let outputs = Fixtures.outputs(randomTensor([2, 4], seed: 1))
        #expect(throws: DistillerError.missingInput(loss: "UGD", input: "the teacher's classifier head")) {
            try ugd.distillationLoss(student: outputs, teacher: outputs, targets: [0, 1])
        }
    }
}
