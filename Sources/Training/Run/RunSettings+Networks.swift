import Configuration
import Distillers
import Models
import TensorEngine

extension RunSettings {
    /// The student (`DISTILLER.STUDENT_NAME`, `STUDENT_LAST_STRIDE`) for `classes` identities;
    /// an unknown name or stride names its key and where it was set.
    func makeStudent(
        classes: Int, initialize: Bool = true, generator: inout RandomGenerator,
        config: Config
    ) throws -> any ImageNetwork {
        try TrainingRun.wrap("DISTILLER.STUDENT_NAME", config) {
            try ModelRegistry.make(
                distiller.studentName, numClasses: classes, lastStride: distiller.studentLastStride,
                initialize: initialize, generator: &generator)
        }
    }

    /// The teacher (`DISTILLER.TEACHER_NAME`, `TEACHER_LAST_STRIDE`), uninitialised: its
    /// weights come from `TEACHER_MODEL_PATH`.
    func makeTeacher(classes: Int, generator: inout RandomGenerator, config: Config) throws
        -> any ImageNetwork
    {
        try TrainingRun.wrap("DISTILLER.TEACHER_NAME", config) {
            try ModelRegistry.make(
                distiller.teacherName, numClasses: classes, lastStride: distiller.teacherLastStride,
                initialize: false, generator: &generator)
        }
    }

    /// The distiller `DISTILLER.TYPE` with its sections read from `config`.
    func makeDistiller(teacherHead: (any ClassifierHead)?, config: Config) throws -> Distiller {
        let context = DistillerContext(
            studentName: distiller.studentName, studentInputSize: input.studentSizeTrain,
            teacherHead: teacherHead, seed: seed)
        return try TrainingRun.wrap("DISTILLER.TYPE", config) {
            try Distiller(type: distiller.type, source: config, context: context)
        }
    }
}
