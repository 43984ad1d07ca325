extension Config {
    /// A float key (an int key is converted: `RKD.DISTANCE_WEIGHT` is the int 25 upstream).
    public func double(_ key: String) throws(ConfigError) -> Double {
        switch try value(key) {
        case .double(let number): return number
        case .int(let number): return Double(number)
        case let other: throw mismatch(key, requested: "float", other)
        }
    }

    /// An int key.
    public func int(_ key: String) throws(ConfigError) -> Int {
        guard case .int(let number) = try value(key) else { throw mismatch(key, requested: "int", values[key]) }
        return number
    }

    /// A bool key.
    public func bool(_ key: String) throws(ConfigError) -> Bool {
        guard case .bool(let flag) = try value(key) else { throw mismatch(key, requested: "bool", values[key]) }
        return flag
    }

    /// A string key.
    public func string(_ key: String) throws(ConfigError) -> String {
        guard case .string(let text) = try value(key) else { throw mismatch(key, requested: "str", values[key]) }
        return text
    }

    /// A list key, items as stored.
    public func list(_ key: String) throws(ConfigError) -> [ConfigValue] {
        guard case .list(let items) = try value(key) else { throw mismatch(key, requested: "list", values[key]) }
        return items
    }

    /// A list of ints (sizes `[H, W]`, milestones).
    public func ints(_ key: String) throws(ConfigError) -> [Int] {
        var result: [Int] = []
        for item in try list(key) {
            guard case .int(let number) = item else { throw mismatch(key, requested: "list of int", values[key]) }
            result.append(number)
        }
        return result
    }

    /// A list of numbers as doubles (pixel statistics, re-ranking parameters).
    public func doubles(_ key: String) throws(ConfigError) -> [Double] {
        var result: [Double] = []
        for item in try list(key) {
            switch item {
            case .double(let number): result.append(number)
            case .int(let number): result.append(Double(number))
            default: throw mismatch(key, requested: "list of float", values[key])
            }
        }
        return result
    }

    private func mismatch(_ key: String, requested: String, _ actual: ConfigValue?) -> ConfigError {
        let actualText = actual.map { "\($0.pythonTypeName) \($0.pythonLiteral)" } ?? "nothing"
        return .wrongAccessor(key: key, requested: requested, actual: actualText, source: sources[key] ?? .defaults)
    }
}
