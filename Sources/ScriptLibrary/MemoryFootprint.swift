import Models
import NeuralNetwork
import TensorEngine

/// What `:vars` shows for an object holding tensors: its size in its own terms and the bytes
/// its tensors take.
public protocol MemoryFootprint {
    /// The size as its owner reads it: `11.446 M parameters`, `[120, 512]`.
    var sizeSummary: String { get }
    /// Bytes of the tensors the object holds.
    var byteCount: Int { get }
}

extension ModelObject: MemoryFootprint {
    /// `11.446 M parameters`, classifier included.
    public var sizeSummary: String {
        "\(ParameterCounts.millions(network.parameterCount)) M parameters"
    }
    /// The parameters' and buffers' bytes.
    public var byteCount: Int { network.stateByteCount }
}

extension RunValue: MemoryFootprint {
    /// The student's parameters, and the teacher's when there is one.
    public var sizeSummary: String {
        let student = "student \(ParameterCounts.millions(run.student.parameterCount)) M"
        let teacher =
            run.teacher.map { " + teacher \(ParameterCounts.millions($0.parameterCount)) M" } ?? ""
        return student + teacher + " parameters"
    }
    /// The networks' parameters and buffers.
    public var byteCount: Int { run.student.stateByteCount + (run.teacher?.stateByteCount ?? 0) }
}

extension EmbeddingsValue: MemoryFootprint {
    /// `[images, dim]`.
    public var sizeSummary: String { "\(features.shape)" }
    /// The features' bytes.
    public var byteCount: Int { features.count * features.dtype.byteCount }
}

extension ResultValue: MemoryFootprint {
    /// `40 queries x 120 gallery images`.
    public var sizeSummary: String { "\(query.count) queries x \(gallery.count) gallery images" }
    /// The query and gallery embeddings' bytes, when the result keeps them.
    public var byteCount: Int {
        embeddings.map { $0.query.byteCount + $0.gallery.byteCount } ?? 0
    }
}
