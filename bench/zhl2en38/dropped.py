"""Section 235 (branch zhl2en38): for zh words MUSE lists but ``Sources.to_english`` drops, the evidence per word:
MUSE's English (t2s, as shipped) with the English frequency floor (``candidates.ENGLISH_FLOOR``) for each, and the
English lemmas of the word's OMW (cmn) synsets, the other source the ranking weighs.

    python bench/zhl2en38/dropped.py 名称 雨林 部门 ...
"""
import sys

from robustir.attacks import candidates as cands

src = cands.Sources()
muse = cands.load_muse_dictionary("zh", src.resource_paths)
code = src.omw("zh")
for w in sys.argv[1:]:
    lst = muse.to_en.get(w, [])[:3] if muse is not None else []
    floor = [c + ("" if cands.common(c, "en", cands.ENGLISH_FLOOR) else "(<floor)") for c in lst]
    omw = sorted({lem.name() for s in (src.omw_synsets(w, code) if code else []) for lem in s.lemmas()})[:5]
    print(w, "muse:", " ".join(floor), "| omw:", " ".join(omw) or "-", "| to_english:", src.to_english(w, "zh"))
