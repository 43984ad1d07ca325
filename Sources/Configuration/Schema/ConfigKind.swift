/// The type a configuration key holds, fixed by its default.
///
/// yacs checks only the outer type of a list; AIRS also checks its items, because every
/// list in the tree is read as sizes, milestones or statistics.
public enum ConfigKind: Sendable, Hashable, CustomStringConvertible {
    /// Python `bool`.
    case bool
    /// Python `int` (a bool is not an int here, as yacs compares exact types).
    case int
    /// Python `float` (an int is refused, as yacs does).
    case double
    /// Python `str`.
    case string
    /// A list (or tuple) of ints, e.g. `[H, W]` sizes.
    case intList
    /// A list of numbers: ints and floats may mix (`RE_RANKING_PARAMETER: [60, 10, 0.3]`).
    case numberList

    /// The kind of a default value.
    init?(of value: ConfigValue) {
        switch value {
        case .bool: self = .bool
        case .int: self = .int
        case .double: self = .double
        case .string: self = .string
        case .list(let items):
            if items.allSatisfy({ if case .int = $0 { true } else { false } }) {
                self = .intList
            } else {
                self = .numberList
            }
        case .null: return nil
        }
    }

    /// The Python spelling used in messages (`float`, `list of int`).
    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .intList: "list of int"
        case .numberList: "list of numbers"
        }
    }

    /// Whether `value` may replace a default of this kind (yacs's
    /// `_check_and_coerce_cfg_value_type`, plus the item check). `None` is always accepted.
    func accepts(_ value: ConfigValue) -> Bool {
        switch (self, value) {
        case (_, .null), (.bool, .bool), (.int, .int), (.double, .double), (.string, .string): true
        case (.intList, .list(let items)):
            items.allSatisfy { if case .int = $0 { true } else { false } }
        case (.numberList, .list(let items)):
            items.allSatisfy {
                switch $0 {
                case .int, .double: true
                default: false
                }
            }
        default: false
        }
    }
}
