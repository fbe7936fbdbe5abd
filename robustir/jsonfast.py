"""Indented JSON text, byte-identical to ``json.dumps(obj, ensure_ascii=False, indent=N, sort_keys=True)``.

Why not the standard library alone: with ``indent`` set, Python's ``json`` falls back
from its C encoder to a pure-Python chain of generators, and writing a result file
(one row per query, one entry per perturbed sample) became the largest per-text
cost of ``robustir.evaluate`` (bench/pipeline.py: ~40% of robustir's own CPU time at
1,000 BoolQ queries). No maintained library writes the same bytes (``orjson`` only
indents by 2 and formats floats its own way), so this module writes them itself:
one recursive function appending to a list, the leaves (strings, floats) through
the same functions ``json`` uses (its C ``encode_basestring``, ``float.__repr__``).
Anything it does not know (a type ``json`` would reject or hand to ``default``,
a circular structure) goes back to ``json.dumps``, which then says what is wrong.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C version when available
from typing import Any

_INF = float("inf")


class _Unsupported(Exception):
    """A value this encoder leaves to ``json.dumps``."""


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, int):
        return int.__repr__(k)
    if isinstance(k, float):
        return _float(k)
    raise _Unsupported


#: the JSON text of a leaf value by its exact type (a subclass, e.g. ``numpy.float64``, goes through ``enc``'s
#: isinstance chain, as before): containers write their leaf items in place rather than through one call of
#: ``enc`` each (two thirds of the values in a result file are leaves)
_LEAF: dict[type, Any] = {str: encode_basestring, float: _float, int: int.__repr__,
                          bool: lambda o: "true" if o else "false", type(None): lambda o: "null"}


def dumps(obj: Any, indent: int = 1) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent, sort_keys=True)``, faster."""
    out: list[str] = []
    append = out.append
    seps = ["\n"]  # seps[d]: newline + the indentation of depth d
    leaf = _LEAF.get

    def sep(depth: int) -> str:
        while len(seps) <= depth:
            seps.append("\n" + " " * (indent * len(seps)))
        return seps[depth]

    def enc(o: Any, depth: int) -> None:
        if depth > 900:  # json's recursion (and cycle) errors are json's to report
            raise _Unsupported
        if isinstance(o, str):
            append(encode_basestring(o))
        elif o is None:
            append("null")
        elif o is True:
            append("true")
        elif o is False:
            append("false")
        elif isinstance(o, int):
            append(int.__repr__(o))
        elif isinstance(o, float):
            append(_float(o))
        elif isinstance(o, (list, tuple)):
            if not o:
                append("[]")
                return
            inner = sep(depth + 1)
            between = "," + inner
            head = "[" + inner
            for v in o:
                f = leaf(type(v))
                if f is not None:
                    append(head + f(v))
                else:
                    append(head)
                    enc(v, depth + 1)
                head = between
            append(sep(depth) + "]")
        elif isinstance(o, dict):
            if not o:
                append("{}")
                return
            inner = sep(depth + 1)
            between = "," + inner
            head = "{" + inner
            for k, v in sorted(o.items()):
                key = head + encode_basestring(k if type(k) is str else _key(k)) + ": "
                f = leaf(type(v))
                if f is not None:
                    append(key + f(v))
                else:
                    append(key)
                    enc(v, depth + 1)
                head = between
            append(sep(depth) + "}")
        else:
            raise _Unsupported

    try:
        enc(obj, 0)
    except (_Unsupported, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=indent, sort_keys=True)
    return "".join(out)
