import Configuration
import ScriptLanguage
import Training

extension ResultValue {
    /// `evaluate(run)`: the student's queries against the teacher's gallery (the student's for
    /// a run without a teacher), with both sets of embeddings kept for pictures.
    static func evaluating(_ value: RunValue) throws -> ResultValue {
        let run = value.run
        let evaluation = try run.evaluateWithEmbeddings()
        let dataset = (try? run.config.string("DATASETS.NAMES")) ?? "the dataset"
        let size = { (size: [Int]) in "\(size[0])x\(size.last ?? size[0])" }
        let galleryNetwork =
            run.teacher.map { "\($0.name) teacher" } ?? "\(run.student.name) student"
        let query = EmbeddingsValue(
            features: evaluation.queryFeatures, records: run.dataset.query,
            origin:
                "\(run.student.name) student on \(dataset) query at \(size(evaluation.querySize))")
        let gallery = EmbeddingsValue(
            features: evaluation.galleryFeatures, records: run.dataset.gallery,
            origin: "\(galleryNetwork) on \(dataset) gallery at \(size(evaluation.gallerySize))")
        return ResultValue(evaluation.result, query: query, gallery: gallery)
    }

    /// Argument `index` as a Result: a Result as given, or a Run, evaluated.
    static func argument(_ args: Arguments, _ index: Int) throws -> ResultValue {
        switch args[index] {
        case .host(let result as ResultValue): return result
        case .host(let run as RunValue): return try evaluating(run)
        default: throw args.typeError(index, expected: "a Result (from evaluate) or a Run")
        }
    }
}
