/// DEFLATE decompression (RFC 1951) for zip entries written compressed, such as
/// `numpy.savez_compressed` archives. Canonical Huffman codes are decoded one bit at a time:
/// simple and exact, and fast enough for checkpoint-sized inputs.
struct Inflate {
    struct Failure: Error { var detail: String }

    private let input: ArraySlice<UInt8>
    private var position: Int
    private var bitBuffer: UInt32 = 0
    private var bitCount: UInt32 = 0
    private var output: [UInt8] = []

    /// The decompressed bytes of `input`, which must inflate to exactly `expectedSize` bytes.
    static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int) throws -> [UInt8] {
        var inflater = Inflate(input: input, position: input.startIndex)
        inflater.output.reserveCapacity(expectedSize)
        try inflater.run(limit: expectedSize)
        guard inflater.output.count == expectedSize else {
            throw Failure(detail: "inflates to \(inflater.output.count) bytes, the directory says \(expectedSize)")
        }
        return inflater.output
    }

    private init(input: ArraySlice<UInt8>, position: Int) {
        self.input = input
        self.position = position
    }

    private mutating func bits(_ count: UInt32) throws -> Int {
        while bitCount < count {
            guard position < input.endIndex else { throw Failure(detail: "compressed data ends early") }
            bitBuffer |= UInt32(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << count) - 1)
        bitBuffer >>= count
        bitCount -= count
        return Int(value)
    }

    /// A canonical Huffman code: how many codes of each length, and the symbols in code order.
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) throws {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    private mutating func decode(_ huffman: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...15 {
            code |= try bits(1)
            let count = huffman.counts[length]
            if code - first < count { return huffman.symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw Failure(detail: "invalid Huffman code")
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                     115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                       1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                                        12, 12, 13, 13]
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private mutating func run(limit: Int) throws {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1:
                let literal = try Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
                try codes(literal: literal, distance: try Huffman(lengths: [Int](repeating: 5, count: 30)), limit: limit)
            case 2:
                let (literal, distance) = try dynamicTables()
                try codes(literal: literal, distance: distance, limit: limit)
            default: throw Failure(detail: "invalid block type 3")
            }
        }
    }

    private mutating func storedBlock() throws {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.endIndex else { throw Failure(detail: "stored block header ends early") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xffff else { throw Failure(detail: "stored block length check fails") }
        position += 4
        guard position + length <= input.endIndex else { throw Failure(detail: "stored block ends early") }
        output += input[position ..< position + length]
        position += length
    }

    private mutating func dynamicTables() throws -> (Huffman, Huffman) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw Failure(detail: "too many codes in a dynamic block") }
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengths[Inflate.codeLengthOrder[index]] = try bits(3) }
        let lengthCode = try Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Failure(detail: "repeat with no previous length") }
                lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
            default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw Failure(detail: "code lengths overrun") }
        return (try Huffman(lengths: Array(lengths[..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])))
    }

    private mutating func codes(literal: Huffman, distance: Huffman, limit: Int) throws {
        while true {
            let symbol = try decode(literal)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < 29 else { throw Failure(detail: "invalid length symbol \(symbol)") }
                let length = Inflate.lengthBase[index] + (try bits(UInt32(Inflate.lengthExtra[index])))
                let code = try decode(distance)
                guard code < 30 else { throw Failure(detail: "invalid distance symbol \(code)") }
                let back = Inflate.distanceBase[code] + (try bits(UInt32(Inflate.distanceExtra[code])))
                guard back <= output.count else { throw Failure(detail: "distance \(back) reaches before the start") }
                let start = output.count - back
                for offset in 0..<length { output.append(output[start + offset]) }
            }
            guard output.count <= limit else { throw Failure(detail: "inflates past the size the directory gives") }
        }
    }
}
