import Foundation
import ScriptLanguage
import Testing

/// A harness with a tiny procedural dataset and `cfg`: MobileNetV3_Small at 32x32, batches of
/// 8 (two steps an epoch: two images of each of four identities), everything written under one scratch folder.
func trainingHarness() throws -> (ScriptHarness, URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("airs-train-\(UUID().uuidString)")
    let h = ScriptHarness()
    let setup = h.run(
        """
        root = "\(root.path)"
        synthetic(root + "/CUB_200_2011", classes: 8, per_class: 4, size: 32, seed: 7)
        cfg = config(nil, ["DATASETS.NAMES", "CUB200", "DATASETS.ROOT_DIR", root, "OUTPUT_DIR.ROOT_PATH", root + "/out",
                           "DISTILLER.STUDENT_NAME", "MobileNetV3_Small", "DISTILLER.TEACHER_NAME", "MobileNetV3_Small",
                           "DISTILLER.STUDENT_PRETRAIN_CHOICE", "False",
                           "INPUT.STUDENT_SIZE_TRAIN", "[32, 32]", "INPUT.STUDENT_SIZE_TEST", "[32, 32]",
                           "INPUT.TEACHER_SIZE_TRAIN", "[32, 32]", "INPUT.TEACHER_SIZE_TEST", "[32, 32]",
                           "INPUT.STUDENT_PADDING", "2", "INPUT.TEACHER_PADDING", "2",
                           "SOLVER.IMS_PER_BATCH", "8", "SOLVER.IMS_DISTILLATION_PER_BATCH", "8", "DATALOADER.NUM_INSTANCE", "2",
                           "DATALOADER.NUM_WORKERS", "1", "TEST.IMS_PER_BATCH", "16", "SOLVER.MAX_EPOCHS", "2",
                           "SOLVER.CHECKPOINT_PERIOD", "2", "SOLVER.LR_WARMUP_FACTOR", "1.0", "SOLVER.BASE_LR", "0.01"])
        """)
    if let error = setup.error { throw error }
    return (h, root)
}

@Test func trainTeacherAndDistillTakeAnEditedConfig() throws {
    let (h, root) = try trainingHarness()
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(
        h.show(
            "cfg.SOLVER.BASE_LR = 0.02\nteacher = train_teacher(cfg, {\"OUTPUT_DIR.EXPERIMENT_NAME\": \"teacher\"})\nteacher.config.SOLVER.BASE_LR"
        ) == "0.02")
    #expect(h.show("teacher.method") == "NONE")
    #expect(h.show("cfg.OUTPUT_DIR.EXPERIMENT_NAME != \"teacher\"") == "true", "overrides change a copy, not cfg")
    #expect(h.show("distill(cfg)").contains("train_teacher(cfg)"))
    #expect(h.show("teacher.step(2)\npath = teacher.save()\npath").hasSuffix("NONE_1.safetensors"))
    #expect(
        h.show(
            """
            cfg.DISTILLER.TYPE = "FitNet"
            cfg.DISTILLER.TEACHER_MODEL_PATH = path
            train_teacher(cfg)
            """
        ).contains("distill(cfg)"))
    #expect(h.show("student = distill(cfg, folder: false)\nstudent.step()\nstudent.method") == "FitNet")
    #expect(h.show("student.losses.terms").contains("loss_kd"))
    #expect(h.show("distill(42)").contains("a Config or the path of a YAML config"))
}

@Test func savedRunResumesWithTheLossesOfTheUninterruptedRun() throws {
    let (h, root) = try trainingHarness()
    defer { try? FileManager.default.removeItem(at: root) }
    // Saved mid-epoch (step 1 of 2); both go on across the epoch's end to the last step.
    _ = h.run("run = train(cfg, folder: false)\nrun.step(1)\nrun.pause_when(\"loss > 1000\")")
    #expect(h.show("save(run, root + \"/mid\")").hasSuffix("mid.safetensors"))
    _ = h.run("run.step(3)\nback = resume(root + \"/mid\")")
    #expect(h.show("back.current_epoch") == "1" && h.show("back.step_in_epoch") == "1")
    _ = h.run("back.step(3)")
    #expect(h.show("back.losses[\"loss\"] == run.losses[\"loss\"]") == "true")
    #expect(h.show("back.steps_per_epoch") == "2")
    #expect(h.show("back.losses.epochs == run.losses.epochs") == "true")
    #expect(h.show("back.losses.steps") == "4")
    #expect(h.show("resume(root + \"/nothing\")").contains("save(run, path) writes one"))
    #expect(h.show("save(run.losses, root + \"/x\")").contains("a Run or a Model"))
}

@Test func nonFiniteLossPausesWithTheOffendingBatch() throws {
    let (h, root) = try trainingHarness()
    defer { try? FileManager.default.removeItem(at: root) }
    _ = h.run("cfg.SOLVER.BASE_LR = 1e30\nrun = train(cfg, folder: false)")
    #expect(h.show("run.paused_batch") == "nil")
    #expect(h.show("run.until(epoch: 2)") == "false")
    #expect(h.show("run.paused").contains("at epoch 1, step"))
    #expect(h.show("b = run.paused_batch\nb[\"images\"].shape") == "[8, 3, 32, 32]")
    #expect(h.show("b[\"step\"] == run.losses.steps and b[\"epoch\"] == run.current_epoch") == "true")
    #expect(h.show("b[\"terms\"][\"loss\"]").contains("nan") || h.show("b[\"terms\"][\"loss\"]").contains("inf"))
    #expect(h.show("len(b[\"labels\"])") == "8")
}

@Test func aPauseConditionStopsUntilWithItsBatch() throws {
    let (h, root) = try trainingHarness()
    defer { try? FileManager.default.removeItem(at: root) }
    _ = h.run("run = train(cfg, folder: false)\nrun.pause_when(\"loss > 0\")")
    #expect(h.show("run.until(epoch: 1)") == "false")
    #expect(h.show("run.step_in_epoch") == "1")
    #expect(h.show("run.paused").contains("pause condition"))
    #expect(h.show("run.paused_batch[\"step\"]") == "1")
    #expect(h.show("run.pause_when(\"loss >> 0\")").contains("TERM OP NUMBER"))
}

@Test func aRunSavedBetweenEpochsIsRestoredWithEveryPrintedField() throws {
    let (h, root) = try trainingHarness()
    defer { try? FileManager.default.removeItem(at: root) }
    // With warmup, epoch 2's rate is ten times epoch 1's: the restored run once showed the one,
    // the saved run the other.
    _ = h.run(
        """
        cfg.SOLVER.LR_WARMUP_FACTOR = 0.1
        cfg.SOLVER.LR_WARMUP_EPOCHS = 2
        run = train(cfg, folder: false)
        run.epoch()
        save(run, root + "/between")
        back = resume(root + "/between")
        """)
    #expect(h.show("str(back) == str(run)") == "true", "\(h.show("run")) vs \(h.show("back"))")
    for field in ["lr", "current_epoch", "step_in_epoch", "steps_per_epoch", "max_epochs", "method"] {
        #expect(h.show("back.\(field) == run.\(field)") == "true", "\(field): \(h.show("back.\(field)"))")
    }
    #expect(h.show("run.current_epoch") == "2")
}

@Test func steppingPastTheLastEpochSaysSo() throws {
    let (h, root) = try trainingHarness()
    defer { try? FileManager.default.removeItem(at: root) }
    _ = h.run("run = train(cfg, folder: false)")
    // Two epochs of two steps: the fifth step is past the end.
    let message = h.show("run.step(5)")
    #expect(message.contains("finished its 2 epochs") && message.contains("SOLVER.MAX_EPOCHS"), "\(message)")
    #expect(h.show("run.losses.steps") == "4")
    #expect(h.show("run.until(epoch: 3)").contains("past the run's last epoch"))
}
