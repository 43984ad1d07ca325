/// `SOLVER.LR_DECAY_TYPE`: upstream's two per-epoch schedules (spec/training.md §5).
public enum ScheduleChoice: String, CaseIterable, Sendable {
    /// Warmup, flat until `LR_DECAY_STEPS[0]`, cosine to `LR_DECAY_ETA_MIN_LR` at `MAX_EPOCHS`.
    case cosine = "WarmupCosineAnnealingLR"
    /// Warmup, then × `LR_DECAY_GAMMA` at each of `LR_DECAY_STEPS`.
    case multiStep = "WarmupMultiStepLR"
}
