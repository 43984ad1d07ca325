/// Vectorised scans over one distance row. `SIMD16` compiles to whatever vector width the
/// target has; comparison masks are all-ones lanes (-1), so subtracting them counts.
enum RowKernels {
    /// Number of `row[start..<end]` below `threshold` (or at most `threshold` when `orEqual`).
    @inline(__always)
    static func countBelow(
        _ row: UnsafePointer<Float>, _ start: Int, _ end: Int, _ threshold: Float,
        orEqual: Bool
    ) -> Int {
        let bound = SIMD16<Float>(repeating: threshold)
        let raw = UnsafeRawPointer(row)
        var lanes = SIMD16<Int32>()
        var index = start
        if orEqual {
            while index + 16 <= end {
                let values = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD16<Float>.self)
                lanes &-= unsafeBitCast(values .<= bound, to: SIMD16<Int32>.self)
                index += 16
            }
        } else {
            while index + 16 <= end {
                let values = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD16<Float>.self)
                lanes &-= unsafeBitCast(values .< bound, to: SIMD16<Int32>.self)
                index += 16
            }
        }
        var total = Int(lanes.wrappedSum())
        while index < end {
            if row[index] < threshold || (orEqual && row[index] == threshold) { total += 1 }
            index += 1
        }
        return total
    }

    /// Items ordered before gallery item `position` (distance `row[position]`) in the stable
    /// ascending order: those before it at most as far, those after it strictly nearer.
    @inline(__always)
    static func countPreceding(_ row: UnsafePointer<Float>, count: Int, position: Int) -> Int {
        let threshold = row[position]
        return countBelow(row, 0, position, threshold, orEqual: true)
            + countBelow(row, position + 1, count, threshold, orEqual: false)
    }

    /// Calls `visit(index)` for every item whose distance is at most `bound()`, skipping 16-item
    /// blocks that hold none (the bound shrinks as a top-k list fills).
    @inline(__always)
    static func forEachWithin(_ row: UnsafePointer<Float>, count: Int, bound: () -> Float, _ visit: (Int) -> Void) {
        let raw = UnsafeRawPointer(row)
        var index = 0
        while index + 16 <= count {
            let limit = bound()
            let values = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD16<Float>.self)
            if any(values .<= SIMD16<Float>(repeating: limit)) {
                for lane in index..<(index + 16) where row[lane] <= bound() { visit(lane) }
            }
            index += 16
        }
        while index < count {
            if row[index] <= bound() { visit(index) }
            index += 1
        }
    }
}
