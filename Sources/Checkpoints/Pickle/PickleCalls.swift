/// What each allow-listed global does when a pickle calls it.
enum PickleCalls {
    struct Failure: Error { var detail: String }

    static func call(_ global: PickleGlobal, _ arguments: [PickleValue]) throws -> PickleValue {
        switch global {
        case .orderedDict:
            let dict = PickleDict()
            if case .list(let pairs)? = arguments.first {
                for case .tuple(let pair) in pairs.items where pair.count == 2 { dict.set(pair[1], for: pair[0]) }
            }
            return .dict(dict)
        case .rebuildTensor, .rebuildTensorV2:
            guard arguments.count >= 4, case .storage(let storage) = arguments[0], case .int(let offset) = arguments[1],
                let shape = integers(arguments[2]), let strides = integers(arguments[3]), shape.count == strides.count
            else {
                throw Failure(
                    detail:
                        "expected (storage, offset, size, stride, …), got (\(arguments.map(\.kind).joined(separator: ", ")))"
                )
            }
            return .tensor(TorchTensorReference(storage: storage, offset: offset, shape: shape, strides: strides))
        case .rebuildParameter:
            guard case .tensor? = arguments.first else { throw Failure(detail: "expected a tensor as first argument") }
            return arguments[0]
        case .codecsEncode:
            guard case .string(let text)? = arguments.first else { throw Failure(detail: "expected a string") }
            // Protocol 2 pickles bytes as encode(latin-1 text, 'latin1'); each scalar is one byte.
            return .bytes(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        case .set, .frozenset:
            if case .list(let list)? = arguments.first { return .list(PickleList(list.items)) }
            return .list(PickleList())
        case .storageType:
            throw Failure(detail: "storages can only be referenced through persistent ids")
        }
    }

    private static func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items) = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .int(let number) = item else { return nil }
            result.append(number)
        }
        return result
    }
}
