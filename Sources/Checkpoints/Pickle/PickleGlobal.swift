/// The only globals a checkpoint pickle may import. Everything else (`os.system`,
/// `builtins.eval`, arbitrary classes) is refused before anything is called: a pickle is a
/// program, and loading a downloaded checkpoint must not run one.
enum PickleGlobal: Equatable {
    case orderedDict
    case rebuildTensor
    case rebuildTensorV2
    case rebuildParameter
    case storageType(StoredDType)
    case codecsEncode
    case set
    case frozenset

    /// The allow-list as a table: `module.name` to global.
    static let allowed: [String: PickleGlobal] = {
        var table: [String: PickleGlobal] = [
            "collections.OrderedDict": .orderedDict,
            "torch._utils._rebuild_tensor": .rebuildTensor,
            "torch._utils._rebuild_tensor_v2": .rebuildTensorV2,
            "torch._utils._rebuild_parameter": .rebuildParameter,
            "torch._utils._rebuild_parameter_with_state": .rebuildParameter,
            "_codecs.encode": .codecsEncode,
            "builtins.set": .set, "__builtin__.set": .set,
            "builtins.frozenset": .frozenset, "__builtin__.frozenset": .frozenset,
        ]
        for dtype in StoredDType.allCases { table["torch." + dtype.torchStorageName] = .storageType(dtype) }
        return table
    }()

    /// The global `module.name` if it is allowed.
    init?(module: String, name: String) {
        guard let global = PickleGlobal.allowed[module + "." + name] else { return nil }
        self = global
    }

    var qualifiedName: String {
        PickleGlobal.allowed.first { $0.value == self }.map(\.key) ?? "global"
    }
}
