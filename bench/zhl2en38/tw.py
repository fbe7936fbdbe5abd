"""No-entry words of the unperturbable zh questions (why-all.txt): does MUSE en-zh list them under OpenCC t2s
(shipped), under tw2sp (Taiwan phrases -> mainland), or under the word's s2twp form (mainland -> Taiwan phrases)?"""
import collections
import sys

import opencc

t2s, tw2sp, s2twp = (opencc.OpenCC(c) for c in ("t2s", "tw2sp", "s2twp"))
zh_t2s, zh_tw2sp, zh_raw = collections.defaultdict(set), collections.defaultdict(set), collections.defaultdict(set)
with open("/work/shared/data/muse/en-zh.txt", encoding="utf-8") as fh:
    for line in fh:
        en, zh = line.split()
        zh_t2s[t2s.convert(zh)].add(en)
        zh_tw2sp[tw2sp.convert(zh)].add(en)
        zh_raw[zh].add(en)
words = set()
with open(sys.argv[1], encoding="utf-8") as fh:  # the output of why.py
    for line in fh:
        for part in line.split()[3:]:
            w, _, why = part.rpartition(":")
            if why == "no-entry":
                words.add(w)
hit = {w: sorted(zh_tw2sp[w] | zh_raw[s2twp.convert(w)])[:4] for w in sorted(words)
       if w not in zh_t2s and (zh_tw2sp.get(w) or zh_raw.get(s2twp.convert(w)))}
inmuse = {w: sorted(zh_t2s[w])[:4] for w in sorted(words) if w in zh_t2s}
print(len(words), "distinct no-entry words;", len(inmuse), "listed by MUSE under t2s (dropped after lookup):", inmuse)
print(len(hit), "listed only under tw2sp / s2twp:", hit)
