extension StoredTensor {
    /// Row-major element strides for `shape`.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= max(shape[axis], 1)
        }
        return strides
    }

    /// The row-major tensor of `shape` whose element `(i0, i1, …)` is element
    /// `offset + Σ i_d·strides[d]` of `storage`. Callers have checked that every index is in range.
    static func gathering(
        from storage: ArraySlice<UInt8>, dtype: StoredDType, shape: [Int],
        strides: [Int], offset: Int
    ) -> StoredTensor {
        let size = dtype.byteCount
        let count = elementCount(shape)
        let base = storage.startIndex
        var bytes = [UInt8]()
        bytes.reserveCapacity(count * size)
        let contiguous = contiguousStrides(shape)
        if count == 0 {
        } else if zip(shape, zip(strides, contiguous)).allSatisfy({ $0.0 == 1 || $0.1.0 == $0.1.1 }) {
            let start = base + offset * size
            bytes += storage[start..<start + count * size]
        } else {
            var index = [Int](repeating: 0, count: shape.count)
            for _ in 0..<count {
                let element = offset + zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
                let start = base + element * size
                bytes += storage[start..<start + size]
                var axis = index.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    if index[axis] < shape[axis] { break }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        return StoredTensor(unchecked: dtype, shape: shape, bytes: bytes)
    }
}
