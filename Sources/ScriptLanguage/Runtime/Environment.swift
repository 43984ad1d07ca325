/// The local variables of one function call, in the slots the resolver assigned. Closures keep
/// their defining frame alive through `parent`.
final class Frame {
    /// One entry per local; nil until assigned.
    var slots: [Value?]
    /// The frame of the enclosing function, for captured variables.
    let parent: Frame?
    private let graveyard: Graveyard

    init(slotCount: Int, parent: Frame?, graveyard: Graveyard) {
        slots = [Value?](repeating: nil, count: slotCount)
        self.parent = parent
        self.graveyard = graveyard
    }

    deinit {
        graveyard.bury(.values(slots))
        if let parent { graveyard.bury(.frame(parent)) }
    }
}

/// Releases frames and closures one at a time instead of recursively. A chain of closures, each
/// capturing a frame that holds the next, would otherwise be freed by nested `deinit`s, one stack
/// frame set per link, and overflow the stack (CPython's "trashcan" solves the same problem).
/// One per interpreter, drained after every statement and loop step; like the interpreter, it is
/// used from one thread at a time.
final class Graveyard {
    enum Item {
        case values([Value?])
        case frame(Frame)
    }

    private var pending: [Item] = []

    /// Keeps `item` alive until the next `drain`; called from `deinit`s.
    func bury(_ item: Item) {
        pending.append(item)
    }

    /// Releases what was buried, one item at a time; items freed meanwhile are buried and
    /// released by the same loop, so the stack never grows with the length of a chain.
    func drain() {
        while let next = pending.popLast() { withExtendedLifetime(next) {} }
    }

    var isEmpty: Bool { pending.isEmpty }
}

/// The global variables: a slot per name, so resolved code reads them by index. Because values are
/// value types, copying the table is a cheap snapshot the shell restores after an error.
struct GlobalTable {
    /// Names by slot.
    private(set) var names: [String] = []
    private var slotsByName: [String: Int] = [:]
    /// Values by slot; nil until assigned.
    var values: [Value?] = []

    /// The slot of `name`, creating an unassigned one if needed.
    mutating func slot(for name: String) -> Int {
        if let slot = slotsByName[name] { return slot }
        names.append(name)
        values.append(nil)
        slotsByName[name] = names.count - 1
        return names.count - 1
    }

    /// The slot of `name`, if it has one.
    func lookup(_ name: String) -> Int? { slotsByName[name] }

    /// The value of `name`, if assigned.
    func value(of name: String) -> Value? {
        slotsByName[name].flatMap { values[$0] }
    }

    /// Names that currently hold a value.
    var assignedNames: [String] {
        names.indices.filter { values[$0] != nil }.map { names[$0] }
    }
}
