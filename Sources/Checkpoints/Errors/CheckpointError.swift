/// Everything reading or writing a checkpoint can reject. Each case names the file and, where
/// there is one, the tensor key, so the message alone says which input to fix.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file could not be written; the previous version, if any, is untouched.
    case unwritable(file: String, reason: String)
    /// The file ends before `what` could be read (`needed` bytes at `offset`, `available` left).
    case truncated(file: String, what: String, offset: Int, needed: Int, available: Int)
    /// The stored checksum does not match the data: the file was damaged after it was written.
    /// `checksum` names what was checked (e.g. "SHA-256 of the tensor data").
    case corrupted(file: String, checksum: String, expected: String, actual: String)
    /// A container structure (header, zip directory, pickle stream) is not what the format says.
    case malformed(file: String, detail: String)
    /// A tensor's recorded size, offsets or shape disagree with each other or with the file.
    case inconsistentTensor(file: String, key: String, detail: String)
    /// A dtype this reader does not know.
    case unsupportedDType(file: String, key: String, dtype: String)
    /// The file is in a format (or a variant of one) this module does not read.
    case unsupportedFormat(file: String, detail: String)
    /// A pickle asked to import something outside the allow-list; nothing was executed.
    case forbiddenGlobal(file: String, global: String)
    /// No dictionary of tensors was found inside a PyTorch file.
    case noStateDictionary(file: String, found: String)
    /// The same tensor name occurs twice.
    case duplicateKey(file: String, key: String)
    /// A tensor cannot be converted as asked (e.g. an integer tensor into a float `Tensor`).
    case conversion(key: String, detail: String)
    /// Loading into a model found missing keys, unexpected keys or shape mismatches.
    case stateMismatch(file: String, report: LoadReport)

    /// Runs `body`, giving a conversion error the tensor name `key` (conversions of a lone
    /// `StoredTensor` report `(unnamed)`).
    public static func naming<T>(_ key: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let CheckpointError.conversion(_, detail) {
            throw CheckpointError.conversion(key: key, detail: detail)
        }
    }

    /// What went wrong, in which file and tensor, and what to do.
    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the file (\(reason)); check the path and its permissions"
        case .unwritable(let file, let reason):
            return "\(file): cannot write the file (\(reason)); the previous version, if any, is intact"
        case .truncated(let file, let what, let offset, let needed, let available):
            return "\(file): truncated: \(what) needs \(needed) bytes at offset \(offset) but only "
                + "\(max(available, 0)) remain; the file is incomplete, copy or download it again"
        case .corrupted(let file, let checksum, let expected, let actual):
            return "\(file): corrupted: the \(checksum) is \(actual) but the file records \(expected); "
                + "the file was damaged after it was written, restore it from a copy"
        case .malformed(let file, let detail):
            return "\(file): malformed: \(detail)"
        case .inconsistentTensor(let file, let key, let detail):
            return "\(file): tensor '\(key)': \(detail); the file's header does not match its data"
        case .unsupportedDType(let file, let key, let dtype):
            return "\(file): tensor '\(key)' has dtype \(dtype), which is not supported "
                + "(supported: \(StoredDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .unsupportedFormat(let file, let detail):
            return "\(file): unsupported format: \(detail)"
        case .forbiddenGlobal(let file, let global):
            return "\(file): the pickle asks for '\(global)', which is not on the allow-list "
                + "(state dicts need only OrderedDict, tensor rebuilds and storages); "
                + "refusing to execute it. Re-save the file as a plain state dict"
        case .noStateDictionary(let file, let found):
            return "\(file): no dictionary of tensors found (top level holds \(found)); "
                + "save `model.state_dict()` or a dict containing it under 'state_dict' or 'model'"
        case .duplicateKey(let file, let key):
            return "\(file): tensor name '\(key)' occurs twice"
        case .conversion(let key, let detail):
            return "tensor '\(key)': \(detail)"
        case .stateMismatch(let file, let report):
            return "\(file): the checkpoint does not fit the model:\n\(report.description)"
        }
    }
}
