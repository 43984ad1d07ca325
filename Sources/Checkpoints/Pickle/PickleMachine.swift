import Foundation

/// A pickle interpreter that executes only the opcodes and allow-listed globals state-dict
/// checkpoints need (protocols 0–4 as `torch.save` writes them). Memo, marks and persistent
/// ids work as in CPython's `pickle`; storages come back through `persistentLoad`.
struct PickleMachine {
    private var reader: ByteReader
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    private let persistentLoad: (PickleValue) throws -> PickleValue

    /// A machine reading the pickle that starts at `position` in `bytes`.
    init(
        bytes: [UInt8], file: String, position: Int = 0,
        persistentLoad: @escaping (PickleValue) throws -> PickleValue = { _ in .none }
    ) {
        reader = ByteReader(bytes, file: file, position: position)
        self.persistentLoad = persistentLoad
    }

    /// Where the next pickle starts once `run` has returned.
    var position: Int { reader.position }
    private var file: String { reader.file }

    /// Executes opcodes up to `STOP` and returns the value left on the stack.
    mutating func run() throws -> PickleValue {
        while true {
            let opcodeOffset = reader.position
            let opcode = try reader.byte("a pickle opcode")
            do {
                if opcode == 0x2e {  // STOP
                    guard let result = stack.popLast() else { throw fail("STOP with an empty stack") }
                    return result
                }
                try execute(opcode)
            } catch let error as PickleFailure {
                throw CheckpointError.malformed(
                    file: file,
                    detail: String(format: "pickle opcode 0x%02x at offset %d: ", opcode, opcodeOffset) + error.detail)
            }
        }
    }

    private struct PickleFailure: Error { var detail: String }
    private func fail(_ detail: String) -> PickleFailure { PickleFailure(detail: detail) }

    private mutating func pop() throws -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.popLast() else { throw fail("stack underflow") }
        return value
    }

    private mutating func popToMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw fail("no MARK on the stack") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    private mutating func top() throws -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.last else { throw fail("stack underflow") }
        return value
    }

    private mutating func line() throws -> String {
        var bytes: [UInt8] = []
        while true {
            let byte = try reader.byte("a text line in the pickle")
            if byte == 0x0a { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    /// Protocol 0's UNICODE argument: latin-1 bytes with `\uXXXX` and `\UXXXXXXXX` escapes.
    private mutating func rawUnicodeEscapedLine() throws -> String {
        var bytes: [UInt8] = []
        while true {
            let byte = try reader.byte("a text line in the pickle")
            if byte == 0x0a { break }
            bytes.append(byte)
        }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let width =
                bytes[index] == 0x5c && index + 1 < bytes.count
                ? (bytes[index + 1] == 0x75 ? 4 : bytes[index + 1] == 0x55 ? 8 : 0) : 0
            if width > 0, index + 2 + width <= bytes.count,
                let code = UInt32(String(decoding: bytes[index + 2..<index + 2 + width], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                scalars.append(scalar)
                index += 2 + width
            } else {
                scalars.append(Unicode.Scalar(bytes[index]))
                index += 1
            }
        }
        return String(scalars)
    }

    private mutating func text(_ count: Int) throws -> String {
        String(decoding: try reader.bytes(count, "a pickled string"), as: UTF8.self)
    }

    private mutating func execute(_ opcode: UInt8) throws {
        switch opcode {
        case 0x80: _ = try reader.byte("the protocol number")  // PROTO
        case 0x95: _ = try reader.uint64("a frame length")  // FRAME
        case 0x28: marks.append(stack.count)  // MARK
        case 0x4e: stack.append(.none)  // NONE
        case 0x88: stack.append(.bool(true))  // NEWTRUE
        case 0x89: stack.append(.bool(false))  // NEWFALSE
        case 0x4a: stack.append(.int(try reader.int32("BININT")))  // BININT
        case 0x4b: stack.append(.int(Int(try reader.byte("BININT1"))))  // BININT1
        case 0x4d: stack.append(.int(try reader.uint16("BININT2")))  // BININT2
        case 0x8a: stack.append(try long(Int(try reader.byte("LONG1 size"))))  // LONG1
        case 0x8b: stack.append(try long(try reader.int32("LONG4 size")))  // LONG4
        case 0x49:  // INT
            let text = try line()
            if text == "00" || text == "01" {
                stack.append(.bool(text == "01"))
            } else {
                guard let value = Int(text) else { throw fail("INT '\(text)' is not an integer") }
                stack.append(.int(value))
            }
        case 0x4c:  // LONG
            guard let value = Int(try line().replacingOccurrences(of: "L", with: "")) else {
                throw fail("LONG is not an integer")
            }
            stack.append(.int(value))
        case 0x47:  // BINFLOAT
            // BINFLOAT is the one big-endian field in a pickle.
            stack.append(.float(Double(bitPattern: try reader.uint64("BINFLOAT").byteSwapped)))
        case 0x46:  // FLOAT
            guard let value = Double(try line()) else { throw fail("FLOAT is not a number") }
            stack.append(.float(value))
        case 0x58: stack.append(.string(try text(try reader.uint32("BINUNICODE length"))))  // BINUNICODE
        case 0x8c: stack.append(.string(try text(Int(try reader.byte("SHORT_BINUNICODE length")))))
        case 0x8d: stack.append(.string(try text(try reader.size64("BINUNICODE8 length"))))
        case 0x56: stack.append(.string(try rawUnicodeEscapedLine()))  // UNICODE
        case 0x54: stack.append(.string(try latin1(try reader.int32("BINSTRING length"))))
        case 0x55: stack.append(.string(try latin1(Int(try reader.byte("SHORT_BINSTRING length")))))
        case 0x42: stack.append(.bytes(Array(try reader.bytes(try reader.uint32("BINBYTES length"), "BINBYTES"))))
        case 0x43:
            stack.append(
                .bytes(Array(try reader.bytes(Int(try reader.byte("SHORT_BINBYTES length")), "SHORT_BINBYTES"))))
        case 0x8e: stack.append(.bytes(Array(try reader.bytes(try reader.size64("BINBYTES8 length"), "BINBYTES8"))))
        case 0x29: stack.append(.tuple([]))  // EMPTY_TUPLE
        case 0x74: stack.append(.tuple(try popToMark()))  // TUPLE
        case 0x85: stack.append(.tuple([try pop()]))  // TUPLE1
        case 0x86:  // TUPLE2
            let second = try pop()
            stack.append(.tuple([try pop(), second]))
        case 0x87:  // TUPLE3
            let third = try pop()
            let second = try pop()
            stack.append(.tuple([try pop(), second, third]))
        case 0x5d, 0x8f: stack.append(.list(PickleList()))  // EMPTY_LIST, EMPTY_SET
        case 0x6c: stack.append(.list(PickleList(try popToMark())))  // LIST
        case 0x91: stack.append(.list(PickleList(try popToMark())))  // FROZENSET
        case 0x61:  // APPEND
            let item = try pop()
            try appendItems([item])
        case 0x65, 0x90: try appendItems(try popToMark())  // APPENDS, ADDITEMS
        case 0x7d: stack.append(.dict(PickleDict()))  // EMPTY_DICT
        case 0x64:  // DICT
            let dict = PickleDict()
            try setItems(try popToMark(), in: dict)
            stack.append(.dict(dict))
        case 0x73:  // SETITEM
            let value = try pop()
            let key = try pop()
            guard case .dict(let dict) = try top() else { throw fail("SETITEM on a \(try top().kind)") }
            dict.set(value, for: key)
        case 0x75:  // SETITEMS
            let items = try popToMark()
            guard case .dict(let dict) = try top() else { throw fail("SETITEMS on a \(try top().kind)") }
            try setItems(items, in: dict)
        case 0x63:  // GLOBAL
            let module = try line()
            stack.append(try global(module: module, name: try line()))
        case 0x93:  // STACK_GLOBAL
            guard case .string(let name) = try pop(), case .string(let module) = try pop() else {
                throw fail("STACK_GLOBAL needs two strings")
            }
            stack.append(try global(module: module, name: name))
        case 0x52:  // REDUCE
            guard case .tuple(let arguments) = try pop() else { throw fail("REDUCE arguments are not a tuple") }
            stack.append(try call(try pop(), arguments))
        case 0x81:  // NEWOBJ
            guard case .tuple(let arguments) = try pop() else { throw fail("NEWOBJ arguments are not a tuple") }
            stack.append(try call(try pop(), arguments))
        case 0x62: _ = try pop()  // BUILD: state ignored
        case 0x51: stack.append(try persistentLoad(try pop()))  // BINPERSID
        case 0x50: stack.append(try persistentLoad(.string(try line())))  // PERSID
        case 0x71: memo[Int(try reader.byte("BINPUT index"))] = try top()  // BINPUT
        case 0x72: memo[try reader.uint32("LONG_BINPUT index")] = try top()  // LONG_BINPUT
        case 0x70:  // PUT
            guard let index = Int(try line()) else { throw fail("PUT index is not an integer") }
            memo[index] = try top()
        case 0x94: memo[memo.count] = try top()  // MEMOIZE
        case 0x68: stack.append(try recall(Int(try reader.byte("BINGET index"))))
        case 0x6a: stack.append(try recall(try reader.uint32("LONG_BINGET index")))
        case 0x67:  // GET
            guard let index = Int(try line()) else { throw fail("GET index is not an integer") }
            stack.append(try recall(index))
        case 0x30: _ = try pop()  // POP
        case 0x31: _ = try popToMark()  // POP_MARK
        case 0x32: stack.append(try top())  // DUP
        case 0x69:  // INST: class import by text
            let module = try line()
            let target = try global(module: module, name: try line())
            stack.append(try call(target, try popToMark()))
        default:
            throw fail("this opcode is not supported in checkpoint pickles")
        }
    }

    private mutating func long(_ count: Int) throws -> PickleValue {
        let bytes = Array(try reader.bytes(count, "LONG payload"))
        guard count <= 8 else { return .bigInt(bytes) }
        if count == 0 { return .int(0) }
        var value: UInt64 = 0
        for (i, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        // Sign-extend from the top byte's high bit.
        if count < 8, bytes[count - 1] & 0x80 != 0 { value |= ~UInt64(0) << (8 * UInt64(count)) }
        return .int(Int(Int64(bitPattern: value)))
    }

    private mutating func latin1(_ count: Int) throws -> String {
        String(String.UnicodeScalarView(try reader.bytes(count, "a pickled string").map { Unicode.Scalar($0) }))
    }

    private func recall(_ index: Int) throws -> PickleValue {
        guard let value = memo[index] else { throw fail("memo entry \(index) was never stored") }
        return value
    }

    private mutating func appendItems(_ items: [PickleValue]) throws {
        guard case .list(let list) = try top() else { throw fail("APPEND to a \(try top().kind)") }
        list.items += items
    }

    private func setItems(_ items: [PickleValue], in dict: PickleDict) throws {
        guard items.count % 2 == 0 else { throw fail("odd number of items for a dict") }
        for index in stride(from: 0, to: items.count, by: 2) { dict.set(items[index + 1], for: items[index]) }
    }

    private func global(module: String, name: String) throws -> PickleValue {
        guard let allowed = PickleGlobal(module: module, name: name) else {
            if module == "torch", name.hasSuffix("Storage") {
                throw CheckpointError.unsupportedDType(file: file, key: "(storage)", dtype: name)
            }
            throw CheckpointError.forbiddenGlobal(file: file, global: module + "." + name)
        }
        return .global(allowed)
    }

    private func call(_ callable: PickleValue, _ arguments: [PickleValue]) throws -> PickleValue {
        guard case .global(let global) = callable else {
            throw fail("calling a \(callable.kind), which is not callable")
        }
        do {
            return try PickleCalls.call(global, arguments)
        } catch let failure as PickleCalls.Failure {
            throw fail("\(global.qualifiedName): \(failure.detail)")
        }
    }
}
