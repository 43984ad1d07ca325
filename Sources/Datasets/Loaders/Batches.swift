import TensorEngine

/// A batch of images through one pipeline, with their ids.
public struct ImageBatch: Sendable {
    /// `[batch, 3, height, width]` normalised images.
    public var images: Tensor
    /// Identity of each image (train label or raw query/gallery id).
    public var pids: [Int]
    /// Camera id of each image.
    public var camids: [Int]
    /// Source file of each image.
    public var paths: [String]
}

/// A distillation batch: two independently augmented views of the same decoded images.
public struct DistillationBatch: Sendable {
    /// `[batch, 3, studentHeight, studentWidth]` student-train view (`kd_student_image`).
    public var student: Tensor
    /// `[batch, 3, teacherHeight, teacherWidth]` teacher-train view (`kd_teacher_image`).
    public var teacher: Tensor
    /// Train label of each image (`kd_target`).
    public var labels: [Int]
    /// Source file of each image.
    public var paths: [String]
}
