import ScriptLanguage

/// A read-only result printed as a text report (a checkpoint inspection, a diff, a dataset
/// summary) whose facts are also attributes: `r.tensors`, `r.identical`.
public final class ReportObject: HostObject {
    /// The type name `type(r)` shows (`CheckpointReport`).
    public let typeName: String
    /// The text the shell prints.
    public let description: String
    let fields: [(String, Value)]

    /// A report called `typeName`, printed as `text`, with `fields` as attributes.
    public init(typeName: String, text: String, fields: [(String, Value)]) {
        self.typeName = typeName
        self.description = text
        self.fields = fields
    }

    /// The field names.
    public var attributeNames: [String] { fields.map(\.0) }

    /// The field called `name`.
    public func attribute(_ name: String) throws -> Value? {
        fields.first { $0.0 == name }?.1
    }
}
