"""Indented JSON text, byte-identical to ``json.dumps(obj, ensure_ascii=False, indent=N, sort_keys=True)``.

Why not the standard library alone: with ``indent`` set, Python's ``json`` falls back
from its C encoder to a pure-Python chain of generators, and writing a result file
(one row per query, one entry per perturbed sample) became the largest per-text
cost of ``robustir.evaluate`` (bench/pipeline.py: ~40% of robustir's own CPU time at
1,000 BoolQ queries). No maintained library writes the same bytes (``orjson`` only
indents by 2 and formats floats its own way), so this module writes them itself:
one recursive function appending to a list, the leaves (strings, floats) through
the same functions ``json`` uses (its C ``encode_basestring``, ``float.__repr__``).
A dict of str keys is written through a layout cached per key tuple (its keys' text with separators and
indentation, sorted once; a C ``itemgetter`` of its values in that order): a result file repeats a few
shapes thousands of times (~30% less time per result file, bench/RESULTS.md section 91).
Anything it does not know (a type ``json`` would reject or hand to ``default``,
a circular structure) goes back to ``json.dumps``, which then says what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring  # the C version when available
from operator import itemgetter
from typing import Any

_INF = float("inf")


#: dicts with at most this many keys are written through a cached layout of their key tuple (``dumps``); a
#: larger one (seldom repeated) goes through the general path
_LAYOUT_KEYS = 32


def _one(key: str) -> Callable[[dict], tuple]:
    """``itemgetter(key)`` returning a 1-tuple, as ``itemgetter`` of several keys does."""
    get = itemgetter(key)
    return lambda d: (get(d),)


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

    layouts: dict[tuple[tuple[Any, ...], int], tuple[Callable[[dict], tuple], tuple[str, ...], str] | None] = {}

    def layout(o: dict, depth: int) -> tuple[Callable[[dict], tuple], tuple[str, ...], str] | None:
        # A result file repeats a few dict shapes thousands of times (a sample's fields, its metrics, an
        # edit): per key tuple (as inserted) and depth, the text before each value (separator, indentation,
        # the encoded key) in sorted key order and one C-level getter of the values in that order, built
        # once per dumps call. None (the general path) when a key is not a str.
        ks = tuple(o)
        try:
            return layouts[(ks, depth)]
        except KeyError:
            got = None
            if all(type(k) is str for k in ks):
                order = sorted(ks)
                inner = sep(depth + 1)
                prefixes = tuple(("{" if i == 0 else ",") + inner + encode_basestring(k) + ": "
                                 for i, k in enumerate(order))
                values = itemgetter(*order) if len(order) > 1 else _one(order[0])
                got = (values, prefixes, sep(depth) + "}")
        layouts[(ks, depth)] = got
        return got

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
            lay = layout(o, depth) if type(o) is dict and len(o) <= _LAYOUT_KEYS else None
            if lay is not None:
                values, prefixes, close = lay
                for p, v in zip(prefixes, values(o), strict=True):
                    f = leaf(type(v))
                    if f is not None:
                        append(p + f(v))
                    else:
                        append(p)
                        enc(v, depth + 1)
                append(close)
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
