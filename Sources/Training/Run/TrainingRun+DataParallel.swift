import Datasets
import Distillers
import Foundation
import Models
import NeuralNetwork
import TensorEngine

/// What the losses of one step see: the outputs and labels of the global batch. On one
/// process these are the networks' own outputs; over several ranks each rank ran the networks
/// on its share and the outputs the losses read are gathered (with gradient, for the student),
/// so batch-hard mining and every relation method see the whole batch, as on one process.
struct GlobalBatch {
    var student: any Distillers.NetworkOutputs
    var labels: [Int]
    var distillationStudent: (any Distillers.NetworkOutputs)?
    var teacher: (any Distillers.NetworkOutputs)?
    var distillationLabels: [Int]
}

extension TrainingRun {
    /// Runs the student on this rank's share of the student batch (and of the distillation
    /// batch, with the teacher) and gathers what the losses read. The student's batch norms
    /// take the global batch's statistics (`Tensor.synchronizingBatchNorm`); the teacher is in
    /// eval mode and needs none.
    func forwardGlobalBatch(images: Tensor, labels: [Int], distillation: DistillationBatch?) throws -> GlobalBatch {
        let rows = try rowCounts(labels.count)
        let outputs = try studentForward(images, rows: rows)
        // CE and the triplet loss read the student batch's logits and pooled features only.
        var batch = GlobalBatch(
            student: try gather(outputs, rows: rows, pooled: true, retrieval: false, stages: false),
            labels: try gatherLabels(labels, rows: rows), distillationStudent: nil, teacher: nil,
            distillationLabels: [])
        if let distillation, let teacher {
            let rows = try rowCounts(distillation.labels.count)
            let studentView = try studentForward(distillation.student, rows: rows)
            let stages = type(of: distiller.method).usesStageFeatures
            let teacherView = try teacher.inference(
                distillation.teacher, precision: teacherPrecision, keepsStageMaps: stages)
            // The methods read logits, embeddings and (UGD) stage maps of the distillation batch.
            batch.distillationStudent = try gather(
                studentView, rows: rows, pooled: false, retrieval: true, stages: stages)
            batch.teacher = try gather(teacherView, rows: rows, pooled: false, retrieval: true, stages: stages)
            batch.distillationLabels = try gatherLabels(distillation.labels, rows: rows)
        }
        return batch
    }

    /// The student on this rank's share, as the share of the global batch: batch norm with the
    /// global statistics, dropout and drop-path masks of the global batch.
    private func studentForward(_ images: Tensor, rows: [Int]) throws -> Models.NetworkOutputs {
        try Tensor.withGlobalBatchRows(GlobalBatchRows(rows: rows, rank: group.rank)) {
            try Tensor.synchronizingBatchNorm(over: group) { try student(images) }
        }
    }

    /// Each rank's sample count in this batch: its share, less any images it skipped as
    /// undecodable (`DATALOADER.SKIP_UNDECODABLE`), so every rank learns the others'.
    private func rowCounts(_ local: Int) throws -> [Int] {
        group.size == 1 ? [local] : try group.allGather(local)
    }

    private func gatherLabels(_ labels: [Int], rows: [Int]) throws -> [Int] {
        group.size == 1 ? labels : try group.allGather(labels, counts: rows)
    }

    /// The logits and the outputs the losses read, gathered over the ranks; the others are
    /// left empty (nothing reads them, and a teacher's pooled features are wide).
    private func gather(
        _ outputs: Models.NetworkOutputs, rows: [Int], pooled: Bool, retrieval: Bool, stages: Bool
    ) throws -> any Distillers.NetworkOutputs {
        // Reproducible runs gather on one process too: the gradients then add up as over ranks.
        guard group.size > 1 || reproducible else { return outputs }
        return NetworkOutputValues(
            logits: try outputs.logits.gathered(by: group, rows: rows),
            pooledFeature: pooled ? try outputs.pooledFeature.gathered(by: group, rows: rows) : .zeros([0]),
            retrievalFeature: retrieval ? try outputs.retrievalFeature.gathered(by: group, rows: rows) : .zeros([0]),
            stageFeatures: stages ? try outputs.stageFeatures.map { try $0.gathered(by: group, rows: rows) } : [])
    }

    /// Sums the student's parameter gradients over the ranks. The method's modules (UGD's
    /// projectors) are left alone: they ran on gathered tensors, after the gather, so every
    /// rank already holds their full gradient, and summing would count it once per rank.
    func sumStudentGradients() throws {
        try GradientSum.allReduce(student.namedParameters().map(\.parameter), over: group)
    }

    /// Fails when the ranks' weights differ (debug builds check it at every epoch end): the
    /// optimizer steps must be identical, so a difference means a collective went wrong.
    func checkRanksAgree() throws {
        guard group.size > 1 else { return }
        var checksum = [0.0, 0.0]
        for (_, parameter) in student.namedParameters() + distiller.method.namedParameters {
            let values = parameter.value.doubles
            checksum[0] += values.reduce(0, +)
            checksum[1] += values.reduce(0) { $0 + $1 * $1 }
        }
        let sums = try group.allGather(checksum, counts: Array(repeating: checksum.count, count: group.size))
        for rank in 1..<group.size where sums[2 * rank..<2 * rank + 2] != sums[0..<2] {
            throw TrainingError.ranksDiverged(epoch: epoch, rank: rank)
        }
    }
}
