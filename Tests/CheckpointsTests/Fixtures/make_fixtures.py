#!/usr/bin/env python3
"""Writes the small checkpoint fixtures the Checkpoints tests read, without PyTorch.

`torch.save` output is reproduced by pickling with stand-ins registered under the names torch
uses (`torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`, ...), so the standard `pickle`
module emits exactly the opcodes, globals and persistent ids torch emits:
  * zip format (torch >= 1.6): `<stem>/data.pkl`, `<stem>/data/<key>` (64-byte aligned, stored),
    `<stem>/byteorder`, `<stem>/version`; persistent id ('storage', type, key, 'cpu', numel);
  * legacy format: pickled magic number, protocol 1001, sys_info, the object, the sorted key
    list, then per storage an int64 element count and the raw little-endian bytes.
NumPy fixtures come from NumPy itself. `expected.json` records every tensor's dtype, shape and
row-major values so the tests compare against data, not against this script.

Run from anywhere: python3 Tests/CheckpointsTests/Fixtures/make_fixtures.py
"""
import collections, io, json, os, pickle, struct, sys, types, zipfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# --- stand-ins for the torch names a state-dict pickle references -----------------------
torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
torch._utils = torch_utils
sys.modules["torch"] = torch
sys.modules["torch._utils"] = torch_utils

STORAGE_TYPES = {  # dtype name -> (torch class name, struct element format, numpy dtype)
    "F32": ("FloatStorage", np.float32), "F64": ("DoubleStorage", np.float64),
    "F16": ("HalfStorage", np.float16), "BF16": ("BFloat16Storage", None),
    "I64": ("LongStorage", np.int64), "I32": ("IntStorage", np.int32),
    "U8": ("ByteStorage", np.uint8), "BOOL": ("BoolStorage", np.bool_),
}
for name, _ in STORAGE_TYPES.values():
    setattr(torch, name, type(name, (), {"__module__": "torch"}))

def _rebuild_tensor_v2(*args):
    raise RuntimeError("stand-in")
def _rebuild_parameter(*args):
    raise RuntimeError("stand-in")
for fn in (_rebuild_tensor_v2, _rebuild_parameter):
    fn.__module__ = "torch._utils"
    setattr(torch_utils, fn.__name__, fn)


class Storage:
    """One storage: dtype and raw little-endian bytes."""
    counter = 0
    def __init__(self, dtype, raw):
        self.dtype, self.raw = dtype, raw
        self.numel = len(raw) // element_size(dtype)
        Storage.counter += 1
        self.key = str(Storage.counter - 1)


class Tensor:
    """A tensor view of a storage; pickles as torch does (`_rebuild_tensor_v2`)."""
    def __init__(self, storage, offset, size, stride, parameter=False):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)
        self.parameter = parameter
    def __reduce_ex__(self, protocol):
        plain = (_rebuild_tensor_v2, (self.storage, self.offset, self.size, self.stride, False,
                                      collections.OrderedDict()))
        if not self.parameter:
            return plain
        return (_rebuild_parameter, (Tensor(self.storage, self.offset, self.size, self.stride), True,
                                     collections.OrderedDict()))


def element_size(dtype):
    return {"F32": 4, "F64": 8, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "U8": 1, "BOOL": 1}[dtype]


def encode(dtype, values):
    if dtype == "BF16":  # values chosen exactly representable: the top half of float32
        return b"".join(struct.pack("<f", v)[2:] for v in values)
    return np.asarray(values, dtype=STORAGE_TYPES[dtype][1]).astype("<" + np.dtype(STORAGE_TYPES[dtype][1]).str[1:]).tobytes()


def contiguous(dtype, shape, values, parameter=False):
    strides, step = [], 1
    for d in reversed(shape):
        strides.insert(0, step)
        step *= d
    return Tensor(Storage(dtype, encode(dtype, values)), 0, shape, strides, parameter)


def build_state_dict():
    """Tensors covering every dtype, a scalar, a transposed view, an offset view, a Parameter.
    Returns (OrderedDict of Tensor, expected {name: {dtype, shape, values}})."""
    Storage.counter = 0
    sd, expected = collections.OrderedDict(), collections.OrderedDict()
    def add(name, tensor, dtype, shape, values):
        sd[name] = tensor
        expected[name] = {"dtype": dtype, "shape": list(shape), "values": values}
    conv = [round(i * 0.5 - 3, 3) for i in range(24)]
    add("conv.weight", contiguous("F32", [2, 3, 2, 2], conv), "F32", [2, 3, 2, 2], conv)
    add("bn.running_mean", contiguous("F32", [2], [0.25, -1.5]), "F32", [2], [0.25, -1.5])
    add("bn.num_batches_tracked", contiguous("I64", [], [12345678901]), "I64", [], [12345678901])
    # fc.weight is the transpose of a [3, 4] row-major storage: shape [4, 3], stride [1, 4].
    base = [float(i) for i in range(12)]
    add("fc.weight", Tensor(Storage("F32", encode("F32", base)), 0, [4, 3], [1, 4]), "F32", [4, 3],
        [base[c * 4 + r] for r in range(4) for c in range(3)])
    # fc.bias and head.bias share one storage at different offsets.
    shared = Storage("F32", encode("F32", [10.0 + i for i in range(10)]))
    add("fc.bias", Tensor(shared, 3, [4], [1]), "F32", [4], [13.0, 14.0, 15.0, 16.0])
    add("head.bias", Tensor(shared, 8, [2], [1]), "F32", [2], [18.0, 19.0])
    add("emb.weight", contiguous("F32", [2, 2], [1.0, 2.0, 3.0, 4.0], parameter=True), "F32", [2, 2], [1.0, 2.0, 3.0, 4.0])
    add("half", contiguous("F16", [3], [1.0, -0.5, 65504.0]), "F16", [3], [1.0, -0.5, 65504.0])
    add("bf16", contiguous("BF16", [2], [3.140625, -2.0]), "BF16", [2], [3.140625, -2.0])
    add("f64", contiguous("F64", [2], [0.1, -1e300]), "F64", [2], [0.1, -1e300])
    add("i32", contiguous("I32", [2, 1], [7, -7]), "I32", [2, 1], [7, -7])
    add("u8", contiguous("U8", [3], [0, 255, 9]), "U8", [3], [0, 255, 9])
    add("mask", contiguous("BOOL", [2], [True, False]), "BOOL", [2], [1, 0])
    add("empty", contiguous("F32", [0, 3], []), "F32", [0, 3], [])
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("conv", {"version": 1})])
    return sd, expected


def storages_in(obj, found):
    if isinstance(obj, Tensor):
        found[obj.storage.key] = obj.storage
    elif isinstance(obj, dict):
        for value in obj.values():
            storages_in(value, found)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            storages_in(value, found)
    return found


class TorchPickler(pickle.Pickler):
    def __init__(self, file, legacy, protocol=2):
        super().__init__(file, protocol=protocol)
        self.legacy = legacy
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            storage_type = getattr(torch, STORAGE_TYPES[obj.dtype][0])
            fields = ("storage", storage_type, obj.key, "cpu", obj.numel)
            return fields + (None,) if self.legacy else fields
        return None


def save_zip(obj, path, stem="archive", raw_pickle=None, protocol=2):
    buffer = io.BytesIO()
    if raw_pickle is None:
        TorchPickler(buffer, legacy=False, protocol=protocol).dump(obj)
    records = [("data.pkl", raw_pickle or buffer.getvalue()), ("byteorder", b"little")]
    records += [("data/" + key, s.raw) for key, s in sorted(storages_in(obj, {}).items())]
    records += [("version", b"3\n")]
    with open(path, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:
        for name, data in records:
            info = zipfile.ZipInfo(stem + "/" + name, date_time=(1980, 1, 1, 0, 0, 0))
            # torch pads the extra field ("FB" id) so every entry's data starts 64-byte aligned.
            header_end = raw.tell() + 30 + len(info.filename) + 4
            padding = (-header_end) % 64
            info.extra = b"FB" + struct.pack("<H", padding) + b"Z" * padding
            archive.writestr(info, data)


def save_legacy(obj, path, raw_pickle=None):
    out = io.BytesIO()
    for header in (0x1950A86A20F9469CFC6C, 1001,
                   {"protocol_version": 1001, "little_endian": True,
                    "type_sizes": {"short": 2, "int": 4, "long": 4}}):
        pickle.dump(header, out, protocol=2)
    if raw_pickle is not None:
        out.write(raw_pickle)
        storages = {}
    else:
        TorchPickler(out, legacy=True).dump(obj)
        storages = storages_in(obj, {})
    keys = sorted(storages)
    pickle.dump(keys, out, protocol=2)
    for key in keys:
        out.write(struct.pack("<q", storages[key].numel) + storages[key].raw)
    with open(path, "wb") as f:
        f.write(out.getvalue())


def main():
    expected = {}
    sd, tensors = build_state_dict()
    save_zip(sd, os.path.join(HERE, "state_dict_zip.pth"))
    sd, _ = build_state_dict()
    save_legacy(sd, os.path.join(HERE, "state_dict_legacy.pth"))
    expected["state_dict"] = tensors

    sd, _ = build_state_dict()
    # torch.save(..., pickle_protocol=4): FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL.
    save_zip(sd, os.path.join(HERE, "state_dict_protocol4_zip.pth"), protocol=4)

    # Plain values under every pickle protocol the machine accepts (0, 2, 4).
    primitives = {"ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**63 - 1, -2**63],
                  "floats": [0.5, -1e300], "text": "h\u00e9llo\n\\", "bytes": b"\x00\xff\n",
                  "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)], "bools": [True, False], "none": None,
                  "set": {7}, "frozenset": frozenset([8]), "nested": [[1], {"a": 2}]}
    for protocol in (0, 2, 4):
        with open(os.path.join(HERE, "primitives_p%d.pkl" % protocol), "wb") as f:
            pickle.dump(primitives, f, protocol=protocol)

    sd, _ = build_state_dict()
    wrapper = {"epoch": 7, "best_acc": 0.5, "arch": "resnet18", "state_dict": sd,
               "optimizer": {"state": {}, "param_groups": [{"lr": 0.1, "params": [0, 1]}]}}
    save_zip(wrapper, os.path.join(HERE, "nested_state_dict_zip.pth"), stem="nested_state_dict_zip")
    sd, _ = build_state_dict()
    save_legacy({"model": sd, "arch": "mobilenet_v2"}, os.path.join(HERE, "nested_model_legacy.pth"))

    # A pickle that would run a shell command: GLOBAL 'os system', REDUCE.
    evil = b"\x80\x02cos\nsystem\nq\x00X\x0a\x00\x00\x00echo pwnedq\x01\x85q\x02Rq\x03."
    save_zip(None, os.path.join(HERE, "forbidden_global_zip.pth"), raw_pickle=evil)
    save_legacy(None, os.path.join(HERE, "forbidden_global_legacy.pth"), raw_pickle=evil)

    arrays = collections.OrderedDict([
        ("embeddings", (np.arange(12, dtype=np.float32).reshape(3, 4) / 8 - 0.5)),
        ("distances", np.array([[0.0, 1e-300], [2.5, -3.0]], dtype=np.float64)),
        ("labels", np.array([3, -1, 2**40], dtype=np.int64)),
        ("fortran", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))),
    ])
    np.save(os.path.join(HERE, "embeddings.npy"), arrays["embeddings"])
    np.save(os.path.join(HERE, "fortran.npy"), arrays["fortran"])
    np.savez(os.path.join(HERE, "arrays.npz"), **arrays)
    np.savez_compressed(os.path.join(HERE, "compressed.npz"), **arrays)
    names = {np.float32: "F32", np.float64: "F64", np.int64: "I64"}
    expected["numpy"] = {k: {"dtype": names[v.dtype.type], "shape": list(v.shape),
                             "values": v.flatten(order="C").tolist()} for k, v in arrays.items()}
    # Deflate coverage: each "<case>.deflated" entry must inflate to its "<case>.stored" twin.
    rng = np.random.default_rng(7)
    cases = [("empty", b"", 6), ("short", b"abcabcabc", 6),
             ("text", b"".join(b"line %d of a checkpoint test\n" % (i % 17) for i in range(400)), 9),
             ("random", rng.integers(0, 256, 3000, dtype=np.uint8).tobytes(), 0),
             ("floats", (np.arange(3000, dtype=np.float32) % 97).tobytes(), 6)]
    with zipfile.ZipFile(os.path.join(HERE, "deflate_cases.zip"), "w") as archive:
        for name, data, level in cases:
            archive.writestr(zipfile.ZipInfo(name + ".stored", (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_STORED)
            archive.writestr(zipfile.ZipInfo(name + ".deflated", (1980, 1, 1, 0, 0, 0)), data,
                             zipfile.ZIP_DEFLATED, level)

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
