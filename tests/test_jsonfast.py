"""The fast indented JSON writer writes exactly what json.dumps(..., indent, sort_keys) writes."""

import json
import math

import numpy as np
import pytest

from robustir.jsonfast import dumps


def _std(obj, indent=1):
    return json.dumps(obj, ensure_ascii=False, indent=indent, sort_keys=True)


CASES = [
    {},
    [],
    "plain",
    3,
    -0.0,
    None,
    {"b": {}, "a": [], "c": [[]], "d": [{}]},
    {"z": [1, 2.5, None, True, False, "é\n\"\\ \u2028 x", math.nan, math.inf, -math.inf, (1, (2,))]},
    {"floats": [1e-7, 1e16, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, 10**30], "np": np.float64(0.1)},
    {"nested": {"deep": {"deeper": [{"x": [1, {"y": []}]}]}}},
]


@pytest.mark.parametrize("obj", CASES)
@pytest.mark.parametrize("indent", [1, 2])
def test_same_bytes_as_json_dumps(obj, indent):
    assert dumps(obj, indent) == _std(obj, indent)


def test_non_string_keys_are_written_as_json_writes_them():
    obj = {3: "a", 1.5: "b", None: "c"}
    with pytest.raises(TypeError):  # json cannot sort mixed keys either
        _std(obj)
    with pytest.raises(TypeError):
        dumps(obj)
    assert dumps({2: [1], 10: {}}) == _std({2: [1], 10: {}})
    assert dumps({True: 1}) == _std({True: 1})


def test_a_value_json_rejects_is_rejected_the_same_way():
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"a": np.int64(1)})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(loop)


def test_a_result_file_is_byte_identical(tmp_path):
    from robustir.io import atomic_write_json

    rng = np.random.default_rng(0)
    data = {"queries": [{"id": f"q{i}", "text": "wie geht's? ü", "clean": {"nDCG@10": float(rng.random())},
                         "attacked": [{"sample": s, "edits": [[0, "a", "b"]], "valid": bool(s % 2),
                                       "similarity": round(float(rng.random()), 6), "failed": None}
                                      for s in range(3)]} for i in range(50)],
            "summary": {"AP": {"low": None, "mean": 0.25, "n": 50}}}
    path = atomic_write_json(tmp_path / "r.json", data)
    assert path.read_text(encoding="utf-8") == _std(data) + "\n"


def test_repeated_dict_shapes_are_written_as_json_writes_each(tmp_path):
    # dicts of str keys go through a layout cached per key tuple and depth (RESULTS 91): the same shape at
    # other depths, the same keys inserted in another order, one key, more keys than the layout takes, values
    # that are leaves in one dict and containers (or subclasses, or values json rejects) in the next
    big = {f"k{i:02d}": i for i in range(40)}
    row = {"text": "a", "metrics": {"AP": 0.5, "RR@10": math.nan}, "edits": [{"position": 1, "original": "x"}]}
    swapped = {"metrics": {"RR@10": -math.inf, "AP": np.float64(0.25)}, "edits": [], "text": None}
    obj = {"rows": [row, swapped, {**row, "text": {"nested": row}}, {"text": [row]}, {"one": 1}, {"one": {"one": 1}}],
           "big": [big, big], "mixed": [{2: "int key", 1: "a"}, {"a": True, "b": (1, [2])}],
           "deep": {"rows": [row]}}
    for indent in (1, 2, 4):
        assert dumps(obj, indent) == _std(obj, indent)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps([{"a": 1, "b": 2}, {"a": 1, "b": np.int64(2)}])
    loop: dict = {"a": 1}
    loop["b"] = loop
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(loop)
