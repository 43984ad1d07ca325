import Foundation

/// The parsed JSON header of a safetensors file: one entry per tensor plus `__metadata__`.
struct SafeTensorsHeader {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var dataOffsets: [Int]
    }

    var entries: [Entry] = []
    var metadata: [String: String] = [:]

    private struct RawEntry: Decodable {
        var dtype: String
        var shape: [Int]
        var data_offsets: [Int]
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Keys: Decodable {
        var names: [String]
        init(from decoder: Decoder) throws {
            names = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        }
    }

    private struct Full: Decodable {
        var container: KeyedDecodingContainer<AnyKey>
        init(from decoder: Decoder) throws { container = try decoder.container(keyedBy: AnyKey.self) }
    }

    /// Parses `json`; structural problems name `file` and, where possible, the tensor key.
    init(json: ArraySlice<UInt8>, file: String) throws {
        let data = Data(json)
        let full: Full
        do {
            full = try JSONDecoder().decode(Full.self, from: data)
        } catch {
            throw CheckpointError.malformed(
                file: file, detail: "the safetensors header is not a JSON object (\(error))")
        }
        for key in full.container.allKeys {
            if key.stringValue == "__metadata__" {
                do {
                    metadata = try full.container.decode([String: String].self, forKey: key)
                } catch {
                    throw CheckpointError.malformed(file: file, detail: "__metadata__ must map strings to strings")
                }
                continue
            }
            do {
                let raw = try full.container.decode(RawEntry.self, forKey: key)
                entries.append(
                    Entry(name: key.stringValue, dtype: raw.dtype, shape: raw.shape, dataOffsets: raw.data_offsets))
            } catch {
                throw CheckpointError.inconsistentTensor(
                    file: file, key: key.stringValue,
                    detail: "header entry needs \"dtype\" (string), \"shape\" and \"data_offsets\" (integer arrays)")
            }
        }
        // JSON objects are unordered; the data offsets give the order the tensors were written in.
        entries.sort { ($0.dataOffsets.first ?? 0, $0.name) < ($1.dataOffsets.first ?? 0, $1.name) }
    }
}
