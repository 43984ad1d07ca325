import NeuralNetwork
import Testing

/// The reference tables of spec/training.md §5 (base rate 0.01, 120 epochs, decay from 40).
@Suite struct LearningRateScheduleTests {
    let cosine = WarmupCosineAnnealing(baseRate: 0.01, maxEpochs: 120, decayStart: 40, minimumRate: 1e-7)

    @Test(arguments: [
        (1, 1.0e-3), (2, 1.9e-3), (3, 2.8e-3), (5, 4.6e-3), (10, 9.1e-3), (11, 1.0e-2), (41, 1.0e-2),
        (42, 9.99615e-3), (60, 8.67163e-3), (80, 5.19635e-3), (100, 1.60608e-3), (119, 1.55132e-5), (120, 3.95478e-6),
    ])
    func cosineTable(epoch: Int, rate: Double) {
        let actual = 0.01 * cosine.factor(completedSteps: epoch - 1)
        #expect(abs(actual - rate) / rate < 1e-5, "epoch \(epoch): \(actual) vs \(rate)")
    }

    @Test func multiStepDecaysAtMilestones() {
        let schedule = WarmupMultiStep(milestones: [40, 70])
        #expect(abs(schedule.factor(completedSteps: 0) - 0.1) < 1e-12)
        #expect(schedule.factor(completedSteps: 10) == 1)
        #expect(schedule.factor(completedSteps: 39) == 1)
        #expect(abs(schedule.factor(completedSteps: 40) - 0.1) < 1e-12)
        #expect(abs(schedule.factor(completedSteps: 70) - 0.01) < 1e-12)
    }

    @Test func constantWarmup() {
        let warmup = Warmup(epochs: 5, startFactor: 0.2, method: .constant)
        #expect(warmup.factor(0) == 0.2)
        #expect(warmup.factor(4) == 0.2)
        #expect(warmup.factor(5) == 1)
    }
}
