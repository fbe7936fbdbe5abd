"""Section 253 (branch zhunp40): which rule of ``Sources.to_english`` drops each zh word MUSE lists.

Section 235 listed 41 zh words of unperturbable XQuAD-R test/dev questions that MUSE translates and
``to_english`` still returns nothing for, classified by the evidence only. This script traces the rule:
it wraps ``Sources._rank`` (to see the candidate lists and the per-candidate filter) and
``Sources._back_confirms`` (the lone-source back-check), and prints one line per word.
Measurement only: it changes nothing. Hand-written because the rules live in one closure.
"""
from __future__ import annotations

import logging
import sys
from typing import Any

from attacks import candidates as C
from attacks.candidates import ENGLISH_FLOOR, Sources, common

log = logging.getLogger(__name__)

WORDS_235 = (
    "不同", "使用", "体", "创始人", "名称", "增长", "妨碍", "持续", "指标", "时代", "最初",
    "现代", "类型", "衡量", "部门", "主", "伊斯兰", "兰", "原始", "强大", "最新", "殖民者",
    "菩萨", "雨林", "分解", "地质学家", "归化", "政体", "水母", "法师", "波恩", "莱茵河",
    "日本", "美国", "英国", "荷兰", "苏丹", "任命", "建立", "地球", "欧洲",
)


def trace(words: list[str]) -> list[str]:
    """One line per word: the sources' lists, each candidate's filter verdict, and the dropping rule."""
    seen: dict[str, Any] = {}
    orig_rank = Sources._rank
    orig_back = Sources._back_confirms

    def rank(lists, tgt, original, keep):
        out = orig_rank(lists, tgt, original, keep)
        cells = dict(zip(keep.__code__.co_freevars, (c.cell_contents for c in keep.__closure__ or ()), strict=False))
        verdicts = {}
        for lst in lists:
            for c in lst:
                c = c.strip().lower()
                if c in verdicts:
                    continue
                ok = keep(c)
                why = "kept" if ok else (
                    "floor" if not common(c, "en", ENGLISH_FLOOR) else
                    "name" if c in cells.get("named", set()) else "other")
                verdicts[c] = why
        seen.update(lists=lists, verdicts=verdicts, ranked=out, support=cells.get("support", {}),
                    named=set(cells.get("named", set())))
        return out

    def back(self, cand, src, ws, alone):
        ok = orig_back(self, cand, src, ws, alone)
        seen["back"] = (cand, alone, ok)
        return ok

    Sources._rank = staticmethod(rank)  # type: ignore[method-assign]
    Sources._back_confirms = back  # type: ignore[method-assign]
    try:
        s = Sources()
        lines = []
        for w in words:
            seen.clear()
            res = s.to_english(w, "zh")
            ranked = seen.get("ranked", ())
            v = seen.get("verdicts", {})
            if res:
                rule = "returns " + ",".join(res)
            elif not ranked:
                kept = [c for c, x in v.items() if x == "kept"]
                if not kept:
                    rule = "every candidate filtered (" + ",".join(sorted(set(v.values()))) + ")"
                else:
                    rule = "rank: sources disagree (kept " + ",".join(kept) + ", none listed by two)"
            elif "back" in seen and not seen["back"][2]:
                rule = "lone source: back-check fails ({} from {})".format(*seen["back"][:2])
            elif any(seen["support"].get(c, 0) >= 2 for c in seen["named"]):
                rule = "two sources give a name"
            else:
                rule = "lone source: multiword / unrelated second entry / graded"
            lines.append(f"{w}\t{rule}\t" + " ".join(f"{c}:{x}" for c, x in v.items()))
        return lines
    finally:
        Sources._rank = staticmethod(orig_rank)  # type: ignore[method-assign]
        Sources._back_confirms = orig_back  # type: ignore[method-assign]


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    print("\n".join(trace(sys.argv[1:] or list(WORDS_235))))
    _ = C
