/// Every method by its upstream `DISTILLER.TYPE` name. Adding a method adds one line here.
public enum DistillerRegistry {
    /// The registered methods (mdistiller's `distiller_dict`).
    public static var all: [String: any DistillationMethod.Type] {
        [
            "NONE": Vanilla.self,
            "VanillaKD": VanillaKD.self,
            "FitNet": FitNet.self,
            "PKT": PKT.self,
            "RKD": RKD.self,
            "CC": CC.self,
            "CSD": CSD.self,
            "RAML": RAML.self,
            "ROP": ROP.self,
            "D3": D3.self,
            "UGD": UGD.self,
        ]
    }

    /// The valid `DISTILLER.TYPE` names, sorted.
    public static var names: [String] { all.keys.sorted() }

    /// The method registered as `name`; an unknown name lists the valid ones.
    public static func method(named name: String) throws -> any DistillationMethod.Type {
        guard let method = all[name] else { throw DistillerError.unknownMethod(name: name, validNames: names) }
        return method
    }

    /// The method `name` with its section read from `source`.
    public static func make(
        _ name: String, source: any DistillerSettingsSource,
        context: DistillerContext = DistillerContext()
    ) throws -> any DistillationMethod {
        try method(named: name).init(source: source, context: context)
    }
}
