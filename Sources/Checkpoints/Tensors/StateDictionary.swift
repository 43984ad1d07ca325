import TensorEngine

/// Named tensors in a fixed order, as a model's `state_dict` lists them. Names are unique.
public struct StateDictionary: Sendable, Equatable, Sequence {
    /// One named tensor.
    public struct Entry: Sendable, Equatable {
        /// The dotted parameter or buffer name (`features.0.1.weight`).
        public var name: String
        /// The tensor stored under `name`.
        public var tensor: StoredTensor

        /// An entry named `name`.
        public init(name: String, tensor: StoredTensor) {
            self.name = name
            self.tensor = tensor
        }
    }

    /// The entries in order.
    public private(set) var entries: [Entry] = []
    private var indexByName: [String: Int] = [:]

    /// An empty dictionary.
    public init() {}

    /// The entries of `pairs` in order; a repeated name throws `duplicateKey` naming `file`.
    public init(_ pairs: [(String, StoredTensor)], file: String = "(state dictionary)") throws {
        for (name, tensor) in pairs {
            guard indexByName[name] == nil else { throw CheckpointError.duplicateKey(file: file, key: name) }
            indexByName[name] = entries.count
            entries.append(Entry(name: name, tensor: tensor))
        }
    }

    /// The float32/float64 `tensors` in order, as a module lists its parameters and buffers.
    public init(tensors: [(String, Tensor)], file: String = "(state dictionary)") throws {
        try self.init(tensors.map { ($0.0, StoredTensor($0.1)) }, file: file)
    }

    /// Number of tensors.
    public var count: Int { entries.count }
    /// Whether there are no tensors.
    public var isEmpty: Bool { entries.isEmpty }
    /// The names in order.
    public var names: [String] { entries.map(\.name) }

    /// The tensor named `name`; setting replaces it in place or appends a new name at the end
    /// (setting `nil` removes it).
    public subscript(name: String) -> StoredTensor? {
        get { indexByName[name].map { entries[$0].tensor } }
        set {
            if let index = indexByName[name] {
                if let newValue { entries[index].tensor = newValue } else { remove(at: index) }
            } else if let newValue {
                indexByName[name] = entries.count
                entries.append(Entry(name: name, tensor: newValue))
            }
        }
    }

    private mutating func remove(at index: Int) {
        entries.remove(at: index)
        indexByName = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.name, $0) })
    }

    /// The tensor named `name` as a float `Tensor`; errors name the key.
    public func tensor(named name: String) throws -> Tensor {
        guard let stored = self[name] else {
            throw CheckpointError.conversion(key: name, detail: "no tensor of that name (have \(count) others)")
        }
        return try CheckpointError.naming(name) { try stored.tensor() }
    }

    /// Stores `tensor` (float32 or float64) under `name`.
    public mutating func set(_ tensor: Tensor, named name: String) {
        self[name] = StoredTensor(tensor)
    }

    /// Iterates the entries in order.
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    public static func == (lhs: StateDictionary, rhs: StateDictionary) -> Bool { lhs.entries == rhs.entries }
}
