import TensorEngine
import Testing

@testable import Distillers

/// A settings source that names its file, as the Configuration module's will.
struct FileSettings: DistillerSettingsSource {
    var values: [String: SettingValue]
    var settingsOrigin: String { "configs/CUB200/D3.yaml" }
    var settingKeys: [String] { Array(values.keys) }
    func settingValue(forKey key: String) -> SettingValue? { values[key] }
}

/// Typed settings: upstream defaults, reading, and errors that name the key and the file.
@Suite struct SettingsTests {
    @Test func defaultsAreUpstreams() throws {
        let vanillaKD = try VanillaKD.Settings.defaults
        #expect(vanillaKD.temperature == 2.0 && vanillaKD.kdWeight == 1.0)
        #expect(try FitNet.Settings.defaults.kdWeight == 2.0)
        #expect(try PKT.Settings.defaults.kdWeight == 30000.0)
        let rkd = try RKD.Settings.defaults
        #expect(
            rkd.distanceWeight == 25 && rkd.angleWeight == 50 && rkd.kdWeight == 1 && rkd.epsilon == 1e-12
                && !rkd.squared)
        let cc = try CC.Settings.defaults
        #expect(cc.kdWeight == 1.0 && cc.normalize)
        let csd = try CSD.Settings.defaults
        #expect(csd.topK == 96 && csd.queryTemperature == 1 && csd.galleryTemperature == 0.01 && csd.kdWeight == 1)
        let raml = try RAML.Settings.defaults
        #expect(raml.lambda1 == 0.7482 && raml.lambda2 == 0.6778 && raml.kdWeight == 1 && !raml.useLambda2)
        let rop = try ROP.Settings.defaults
        #expect(rop.topK == 96 && rop.temperature == 0.1 && rop.rankWeight == 0.2 && rop.kdWeight == 1)
        let d3 = try D3.Settings.defaults
        #expect(d3.topK == 10 && d3.alpha == 50 && d3.beta == 2 && d3.gamma == 1 && d3.kdWeight == 1)
        let ugd = try UGD.Settings.defaults
        #expect(ugd.distillationLayer == 3 && ugd.alpha == 2 && ugd.beta == 2 && ugd.kdWeight == 1)
        let shared = try SharedLossSettings.defaults
        #expect(shared.tripletMining == .batchHard && shared.tripletMargin == 0.3 && shared.smoothingEpsilon == 0.1)
        #expect(shared.crossEntropyWeight == 1 && shared.tripletWeight == 1 && shared.tripletInFloat32)
    }

    @Test func readsItsOwnSectionAndIgnoresOthers() throws {
        let source: [String: SettingValue] = [
            "D3.TOPK": .int(12), "D3.ALPHA": .double(200), "D3.BETA": .int(10), "CSD.TOPK": .string("not mine"),
            "RKD.PDIST.SQUARED": .bool(true), "EXPERIMENT.IF_LABELSMOOTH": .string("off"),
        ]
        let d3 = try D3.Settings(source)
        #expect(d3.topK == 12 && d3.alpha == 200 && d3.beta == 10 && d3.gamma == 1)
        #expect(try RKD.Settings(source).squared)
        #expect(try SharedLossSettings(source).smoothingEpsilon == 0)
    }

    @Test func wrongTypeNamesTheKeyAndTheFile() throws {
        let source = FileSettings(values: ["D3.TOPK": .string("ten")])
        #expect { try D3.Settings(source) } throws: { error in
            let message = "\(error)"
            return message.contains("D3.TOPK") && message.contains("configs/CUB200/D3.yaml")
                && message.contains("integer")
        }
        #expect(
            throws: DistillerError.wrongSettingType(
                key: "CC.NORMALIZE", origin: "settings", expected: "a boolean", actual: "an integer (1)")
        ) {
            try CC.Settings(["CC.NORMALIZE": SettingValue.int(1)])
        }
        #expect(throws: DistillerError.self) { try ROP.Settings(["ROP.TOPK": SettingValue.double(6.0)]) }
    }

    @Test func unknownKeyNamesTheKeyTheFileAndTheNearestValidKey() throws {
        let source = FileSettings(values: ["D3.TOPKK": .int(5)])
        #expect { try D3.Settings(source) } throws: { error in
            let message = "\(error)"
            return message.contains("'D3.TOPKK'") && message.contains("configs/CUB200/D3.yaml")
                && message.contains("Did you mean 'D3.TOPK'")
        }
    }

    @Test(arguments: DistillerRegistry.names)
    func everyMethodRejectsAnUnknownKeyInItsSection(_ name: String) throws {
        let method = try DistillerRegistry.method(named: name)
        let section = sectionName(of: method)
        guard name != "NONE" else { return #expect(section == "NONE") }
        let source: [String: SettingValue] = ["\(section).NO_SUCH_KEY": .int(1)]
        #expect { try DistillerRegistry.make(name, source: source) } throws: {
            "\($0)".contains("\(section).NO_SUCH_KEY")
        }
    }

    @Test func sharedSettingsRejectAnUnknownTripletMethod() throws {
        #expect { try SharedLossSettings(["EXPERIMENT.TRIPLET_METHOD": SettingValue.string("batch_all")]) } throws: {
            error in
            "\(error)".contains("batch_all") && "\(error)".contains("batch_sample")
        }
        let soft = try SharedLossSettings([
            "EXPERIMENT.TRIPLET_METHOD": .string("batch_soft"), "EXPERIMENT.CUDA_AMP": .bool(true),
        ])
        #expect(soft.tripletMining == .batchSoft)
    }

    @Test func ramlFixIsOptIn() throws {
        var settings = try RAML.Settings(["RAML.LAMBDA1": .double(0.5), "RAML.LAMBDA2": .double(0.25)])
        #expect(settings.lambdaStudentStudent == 0.5)
        settings.useLambda2 = true
        #expect(settings.lambdaStudentStudent == 0.25)
        #expect(settings.lambdaTeacherStudent == 0.5)
    }

    @Test func outOfRangeValuesAreRejected() throws {
        #expect { try UGD.Settings(["UGD.DISTILLATION_LAYER": SettingValue.int(5)]) } throws: {
            "\($0)".contains("UGD.DISTILLATION_LAYER")
        }
        #expect { try CSD.Settings(["CSD.TOPK": SettingValue.int(0)]) } throws: { "\($0)".contains("CSD.TOPK") }
    }

    private func sectionName<M: DistillationMethod>(of _: M.Type) -> String { M.Settings.section }
}
