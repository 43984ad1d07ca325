"""Drives `airs kernel` with real Jupyter clients (jupyter_client, nbclient) and checks what a
notebook user sees. Run by JupyterKernelTests.KernelClientTests:

    python kernel_driver.py AIRS_BINARY WORK_DIR

It installs the kernelspec with `airs kernel install --prefix`, finds it through Jupyter's own
search path, and exits non-zero with the failing check on standard error. Prints one line per
check, and the start-up time to kernel_info_reply.
"""
import base64
import os
import queue
import struct
import subprocess
import sys
import time
import zlib

import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session
from nbclient import NotebookClient

AIRS, WORK = sys.argv[1], os.path.abspath(sys.argv[2])
TIMEOUT = 120


class CheckFailed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise CheckFailed("FAILED: " + what)
    print("ok:", what, flush=True)


def png_size(data):
    """Decodes a PNG far enough to prove it is one: chunks, CRCs, inflated rows; (w, h)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
    offset, idat, width = 8, b"", None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        crc = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])[0]
        assert zlib.crc32(kind + body) == crc, "bad CRC in " + kind.decode()
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    rows = zlib.decompress(idat)
    assert len(rows) == height * (1 + width * channels * depth // 8), "wrong pixel data size"
    return width, height


def outputs_of(cell, output_type):
    return [o for o in cell.outputs if o.output_type == output_type]


def text_of(cell):
    parts = [o.text for o in outputs_of(cell, "stream")]
    parts += [o.data.get("text/plain", "") for o in cell.outputs if "data" in o]
    parts += ["\n".join(o.traceback) for o in outputs_of(cell, "error")]
    return "\n".join(parts)


manager = KernelManager()
try:
    # --- the kernelspec -----------------------------------------------------------------------
    prefix = os.path.join(WORK, "prefix")
    subprocess.run([AIRS, "kernel", "install", "--prefix", prefix], check=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    specs = KernelSpecManager().find_kernel_specs()
    check("airs" in specs, "jupyter finds the kernelspec installed with --prefix")
    spec = KernelSpecManager().get_kernel_spec("airs")
    check(spec.display_name == "AIRS" and spec.language == "airs" and spec.interrupt_mode == "signal",
          "kernel.json: display_name AIRS, language airs, interrupt_mode signal")
    with open(os.path.join(specs["airs"], "logo-64x64.png"), "rb") as f:
        check(png_size(f.read()) == (64, 64), "the 64x64 logo is a PNG that decodes")

    # --- a notebook of 12 cells through nbclient ------------------------------------------------
    data = os.path.join(WORK, "data")
    setup = f'''root = "{data}"
synthetic(root + "/CUB_200_2011", classes: 8, per_class: 4, size: 32, seed: 7)
cfg = config(nil, ["DATASETS.NAMES", "CUB200", "DATASETS.ROOT_DIR", root, "OUTPUT_DIR.ROOT_PATH", root + "/out",
    "DISTILLER.STUDENT_NAME", "MobileNetV3_Small", "DISTILLER.TEACHER_NAME", "MobileNetV3_Small",
    "DISTILLER.STUDENT_PRETRAIN_CHOICE", "False",
    "INPUT.STUDENT_SIZE_TRAIN", "[32, 32]", "INPUT.STUDENT_SIZE_TEST", "[32, 32]",
    "INPUT.TEACHER_SIZE_TRAIN", "[32, 32]", "INPUT.TEACHER_SIZE_TEST", "[32, 32]",
    "INPUT.STUDENT_PADDING", "2", "INPUT.TEACHER_PADDING", "2",
    "SOLVER.IMS_PER_BATCH", "8", "SOLVER.IMS_DISTILLATION_PER_BATCH", "8", "DATALOADER.NUM_INSTANCE", "2",
    "DATALOADER.NUM_WORKERS", "1", "TEST.IMS_PER_BATCH", "16", "SOLVER.MAX_EPOCHS", "40",
    "SOLVER.CHECKPOINT_PERIOD", "40", "SOLVER.LR_WARMUP_FACTOR", "1.0", "SOLVER.BASE_LR", "0.01"])
print("steps per epoch", 32 / 8)'''
    sources = [
        "x = tensor([[1, 2], [3, 4]])\nx",
        'print("sum is", sum([1, 2, 3]))\nfor i in range(2):\n    print("line", i)',
        "w = randn([3, 4], seed: 1)\nw.shape",
        setup,
        'run = train_teacher(cfg, {"OUTPUT_DIR.EXPERIMENT_NAME": "teacher"})\nrun.until(epoch: 2)',
        "run.losses",
        "plot(run)",
        'plot(run, to: "losses.png")',
        "result = evaluate(run)\nresult",
        'ranked(result, query: 0, k: 4, to: "ranked.png")',
        "y = 41\nnot_defined + y",
        "[x.shape, len(run.losses) > 0]",
        ":vars",
    ]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    notebook.metadata["kernelspec"] = {"name": "airs", "display_name": "AIRS", "language": "airs"}
    client = NotebookClient(notebook, kernel_name="airs", timeout=TIMEOUT, allow_errors=True,
                            resources={"metadata": {"path": WORK}})
    client.execute()
    cells = notebook.cells

    def result_of(index):
        """The cell's execute_result data; fails naming the cell and showing what it printed."""
        results = outputs_of(cells[index], "execute_result")
        check(len(results) == 1, f"cell {index + 1} shows a value; it showed: {text_of(cells[index])!r}")
        return results[0].data

    check(notebook.metadata.language_info.file_extension == ".airs"
          and notebook.metadata.language_info.pygments_lexer == "python", "language_info for editors")
    check("[2, 2]" in text_of(cells[0]) and cells[0].execution_count == 1, "a tensor shows its summary")
    check(outputs_of(cells[1], "stream")[0].text.startswith("sum is 6"), "printed text is a stdout stream")
    check("[3, 4]" in text_of(cells[2]), "a random tensor's shape")
    check("steps per epoch 4" in text_of(cells[3]), "the synthetic data and config cell")
    check(result_of(4)["text/plain"] == "true", "two epochs of training")
    losses = result_of(5)
    check(losses.get("text/markdown", "").startswith("| epoch | lr |"), "losses as a Markdown table")
    chart = outputs_of(cells[6], "display_data")
    check(len(chart) == 1 and png_size(base64.b64decode(chart[0].data["image/png"]))[0] > 100,
          "plot(run) without to: shows a PNG inline")
    check(len(outputs_of(cells[7], "display_data")) == 1 and os.path.exists(os.path.join(WORK, "losses.png")),
          "plot(run, to:) shows the PNG and still writes it")
    metrics = result_of(8)
    check("mAP" in metrics.get("text/markdown", "") and "mAP" in metrics["text/plain"],
          "an evaluation as text/markdown and text/plain")
    strip = outputs_of(cells[9], "display_data")
    check(len(strip) == 1 and png_size(base64.b64decode(strip[0].data["image/png"])) is not None
          and os.path.exists(os.path.join(WORK, "ranked.png")), "ranked(...) inline and saved")
    error = outputs_of(cells[10], "error")
    check(len(error) == 1 and "not_defined" in "\n".join(error[0].traceback), "an error cell shows the diagnostic")
    check("[[2, 2], true]" in text_of(cells[11]), "the cell after the error still sees x and run")
    check("run" in text_of(cells[12]) and "Run" in text_of(cells[12]), ":vars lists the variables")

    # --- one kernel through jupyter_client: start-up, completion, inspect, interrupt, signatures ---
    manager.kernel_name = "airs"
    start = time.monotonic()
    manager.start_kernel(cwd=WORK)
    kernel = manager.client()
    kernel.start_channels()
    kernel.wait_for_ready(timeout=TIMEOUT)
    startup = time.monotonic() - start
    print(f"start-up to kernel_info_reply: {startup:.3f} s", flush=True)
    check(startup < 1.0, "start-up under 1 s")


    def run(code, timeout=TIMEOUT):
        """Executes code; returns (reply content, outputs published for it)."""
        msg_id = kernel.execute(code)
        outputs = []
        while True:
            message = kernel.get_iopub_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                break
            outputs.append(message)
        return kernel.get_shell_msg(timeout=timeout)["content"], outputs


    def result_text(outputs):
        return "".join(m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result")


    reply, _ = run(setup.replace("/data", "/data2") + '\nrun = train_teacher(cfg, {"OUTPUT_DIR.EXPERIMENT_NAME": "t"})')
    check(reply["status"] == "ok", "a second kernel sets up a run")

    kernel.complete("run.ep", 6)
    matches = kernel.get_shell_msg(timeout=TIMEOUT)["content"]
    check("run.epoch" in matches["matches"] and matches["cursor_start"] == 0, "completion of run.ep")
    kernel.complete('plot(run, t', 11)
    matches = kernel.get_shell_msg(timeout=TIMEOUT)["content"]
    check("to:" in matches["matches"] and matches["cursor_start"] == 10, "completion of a keyword argument")
    kernel.inspect("evaluate(run)", 3)
    inspected = kernel.get_shell_msg(timeout=TIMEOUT)["content"]
    check(inspected["found"] and "mAP" in inspected["data"]["text/plain"], "inspect shows help(evaluate)")
    kernel.is_complete("for i in range(3):")
    check(kernel.get_shell_msg(timeout=TIMEOUT)["content"]["status"] == "incomplete", "is_complete: an open block")

    msg_id = kernel.execute('print("quiet")', silent=True)
    published = []
    while True:
        message = kernel.get_iopub_msg(timeout=TIMEOUT)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
        published.append(message["msg_type"])
    check(kernel.get_shell_msg(timeout=TIMEOUT)["content"]["status"] == "ok" and published == ["status"],
          "a silent execution publishes only its status")

    # Interrupt once the epoch's progress shows that it is under way.
    msg_id = kernel.execute("run.epoch()")
    while True:
        message = kernel.get_iopub_msg(timeout=TIMEOUT)
        if message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "display_data":
            break
    check(message["content"]["data"]["text/plain"].startswith("epoch 1"), "a running epoch streams its progress")
    manager.interrupt_kernel()
    reply = kernel.get_shell_msg(timeout=TIMEOUT)["content"]
    # As in the shell, Ctrl-C ends the cell saying where the run stopped and what continues it.
    check(reply["status"] == "error" and reply["evalue"].startswith("interrupted at epoch 1, step ")
          and "; run.epoch() continues" in reply["evalue"],
          "an interrupted epoch ends its cell with where it stopped: " + reply.get("evalue", ""))
    _, outputs = run("[run.current_epoch, run.step_in_epoch, run.paused]")
    state = result_text(outputs)
    check(state.startswith("[1, ") and "interrupted" in state, "the interrupt stopped epoch 1 mid-way: " + state)
    _, outputs = run("run.epoch()\n[run.current_epoch, run.step_in_epoch]")
    check(result_text(outputs) == "[2, 0]", "the next cell continues the run to the end of epoch 1")

    # A running loop stops at the interpreter's next check; the cell's changes are undone.
    msg_id = kernel.execute("spins = 0\nwhile true:\n    spins = spins + 1")
    while True:
        message = kernel.get_iopub_msg(timeout=TIMEOUT)
        if message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    manager.interrupt_kernel()
    reply = kernel.get_shell_msg(timeout=TIMEOUT)["content"]
    check(reply["status"] == "error" and "interrupted" in reply["evalue"], "an interrupted loop: " + reply.get("evalue", ""))
    reply, _ = run("spins")
    check(reply["status"] == "error", "the interrupted cell left no variable behind")

    # :save writes a notebook Jupyter validates; :load brings the run back after :reset.
    _, outputs = run(":save kernel-session")
    sessions = os.environ.get("AIRS_SESSIONS_DIR", os.path.join(WORK, "Sessions"))
    saved = nbformat.read(os.path.join(sessions, "kernel-session", "notebook.ipynb"), as_version=4)
    nbformat.validate(saved)
    check(len(saved.cells) >= 3 and saved.metadata.kernelspec.name == "airs", ":save writes a valid notebook.ipynb")
    run(":reset")
    _, outputs = run(":load kernel-session")
    _, outputs = run("run.current_epoch")
    check(result_text(outputs) == "2", ":load in the kernel restores the run")

    # A message signed with the wrong key is refused: not run, no reply, the kernel alive.
    forged = Session(key=b"not-the-key", session=kernel.session.session)
    forged.send(kernel.shell_channel.socket, "execute_request",
                {"code": "forged = 1", "silent": False, "store_history": True, "user_expressions": {},
                 "allow_stdin": False, "stop_on_error": True})
    try:
        kernel.get_shell_msg(timeout=2)
        check(False, "a forged message got a reply")
    except queue.Empty:
        pass
    reply, outputs = run("forged")
    check(reply["status"] == "error", "a message with a wrong signature is refused, never run")

    kernel.shutdown()
    deadline = time.monotonic() + 10
    while manager.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    check(not manager.is_alive(), "shutdown_request ends the kernel")
    kernel.stop_channels()
    subprocess.run([AIRS, "kernel", "uninstall", "--prefix", prefix], check=True)
    check(not os.path.exists(specs["airs"]), "airs kernel uninstall removes the kernelspec")
    print("all checks passed")
except CheckFailed as failure:
    sys.exit(str(failure))
finally:
    # A kernel left running would keep the test's output open: end it whatever happened.
    if manager.has_kernel and manager.is_alive():
        manager.shutdown_kernel(now=True)
