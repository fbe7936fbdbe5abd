"""The attacks' on-disk caches key every input their values depend on (bench/RESULTS.md section 181).

Two gaps found there: the options file of ``codeswitch``/``codeswitch-adv`` was named by a digest of the modules
that decide the options, but four modules they import (``base``, ``errors``, ``scripts``, ``segment``) were not
in it, so an edit there reused the options the old code chose; and the parsed trans-de-en dictionary was keyed
by a hand-bumped format number and the dictionary's stat only, so a parser edit (or another worktree's parser,
sharing ``$ROBUSTIR_HOME``) was served the old parse.
"""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path

import robustir.attacks.codeswitch as codeswitch
from robustir.attacks.lex import transdeen

_ROOT = Path(codeswitch.__file__).resolve().parent


def _module_file(module: str, level: int, here: Path) -> list[Path]:
    """The files of ``attacks`` that ``from <level dots><module> import ...`` in ``here`` may load."""
    if level:
        base = here.parent
        for _ in range(level - 1):
            base = base.parent
    elif module.split(".")[0] == "attacks":
        base, module = _ROOT.parent, module
    elif module.startswith("robustir.attacks"):
        base, module = _ROOT.parent, "attacks" + module[len("robustir.attacks"):]
    else:
        return []
    target = base.joinpath(*module.split(".")) if module else base
    return [p for p in (target.with_suffix(".py"), target / "__init__.py") if p.is_file()]


def _imported_closure(start: list[Path]) -> set[Path]:
    """Every module of ``attacks`` the ``start`` modules import, at module level or inside a function."""
    seen: set[Path] = set()
    todo = list(start)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found = _module_file(node.module or "", node.level, path)
                for alias in node.names:  # "from . import script" names a module too
                    sub = f"{node.module}.{alias.name}" if node.module else alias.name
                    found += [p for p in _module_file(sub, node.level, path) if p.name != "__init__.py"]
                todo += found
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    todo += _module_file(alias.name, 0, path)
    return seen


def test_the_options_key_digests_every_module_the_options_code_imports():
    # before section 181: attacks/base.py, errors.py, scripts.py and segment.py were imported (translit romanises
    # the series-sense loans with scripts.clusters and segment.segment) but an edit there kept the options file
    closure = _imported_closure([_ROOT / "codeswitch.py", _ROOT / "codeswitch_precise.py"])
    keyed = {p.resolve() for p in codeswitch._code_files()}
    missing = sorted(str(p.relative_to(_ROOT)) for p in closure - keyed if p.name != "__init__.py"
                     or p.parent != _ROOT)
    assert missing == []


def _dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "de-en.txt"
    path.write_text("# test\nHaus {n} :: house\nKatze {f} :: cat\n", encoding="utf-8")
    return path


def test_a_trans_de_en_parse_keyed_without_the_parser_code_is_not_read(tmp_path):
    # what another parser version wrote under the old name (format number and the file's stat only): before
    # section 181 it was read, and "house" became "Bogus"
    path = _dictionary(tmp_path)
    size, mtime = transdeen.stat_key(path)
    stale = tmp_path / f"trans-de-en.v{transdeen.TRANS_DE_EN_FORMAT}.{size}.{mtime}.json"
    stale.write_text(json.dumps({"de-en": {"Haus": "bogus"}, "en-de": {"house": "Bogus"}}), encoding="utf-8")
    de_en, en_de = transdeen.load_trans_de_en(path, tmp_path)
    assert en_de.translate("house") == "Haus"
    assert de_en.translate("Haus") == "house"
    written = [p for p in tmp_path.glob("trans-de-en.*.json") if p != stale]
    assert len(written) == 1 and transdeen._parser_digest() in written[0].name


def test_a_damaged_trans_de_en_parse_is_rebuilt_with_a_warning(tmp_path, caplog):
    # valid JSON of the wrong shape (a list where the map should be): rebuilt, not served or crashing later
    path = _dictionary(tmp_path)
    size, mtime = transdeen.stat_key(path)
    name = f"trans-de-en.v{transdeen.TRANS_DE_EN_FORMAT}.{transdeen._parser_digest()}.{size}.{mtime}.json"
    (tmp_path / name).write_text(json.dumps({"de-en": ["Haus"], "en-de": {"house": "Haus"}}), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        de_en, en_de = transdeen.load_trans_de_en(path, tmp_path)
    assert en_de.translate("house") == "Haus" and de_en.translate("Haus") == "house"
    assert any("damaged" in r.getMessage() for r in caplog.records)
    data = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert data["de-en"] == {"Haus": "house", "Katze": "cat"}  # rewritten whole


def test_a_truncated_options_file_is_rebuilt_with_a_warning(english_resources, tmp_path, caplog):
    # before section 181 the file was dropped without a word (a debug line for a damaged entry only)
    import random

    from robustir.attacks.codeswitch import CodeSwitch

    texts = ["the river flows through the old city", "where is the largest library"]
    a = CodeSwitch(languages=["es", "fr"], rate=0.5, context="none", cache_dir=tmp_path,
                   resource_paths=english_resources)
    a.prepare(texts, ["en", "en"])
    expected = [a.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)]
    (path,) = tmp_path.glob("codeswitch-options.*.json")
    raw = path.read_text(encoding="utf-8")
    path.write_text(raw[: len(raw) // 2], encoding="utf-8")
    b = CodeSwitch(languages=["es", "fr"], rate=0.5, context="none", cache_dir=tmp_path,
                   resource_paths=english_resources)
    with caplog.at_level(logging.WARNING):
        b.prepare(texts, ["en", "en"])
    assert [b.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)] == expected
    assert any("unreadable" in r.getMessage() for r in caplog.records)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(raw)  # rewritten whole


def test_the_compiled_multiword_units_are_keyed_by_every_module_that_builds_them(tmp_path, monkeypatch):
    # the units are FreeDict's headwords (freedict: load_freedict, _translations) normalised by the word
    # pattern (tokenize._WORD) and the script helpers (analysis.script): before section 181 only multiword.py
    # was in the key of the shared compiled cache
    from robustir.attacks import freedict, tokenize
    from robustir.attacks.analysis import script
    from robustir.attacks.lex import multiword

    (tmp_path / "freedict-deu-eng.index").write_text("", encoding="utf-8")
    seen: dict[str, object] = {}

    def fake_compiled(name, build, *, resources, code, extra=""):
        seen["code"] = {Path(p).resolve() for p in code}
        return {}

    monkeypatch.setattr(multiword, "compiled", fake_compiled)
    assert multiword.dictionary_units.__wrapped__("de", tmp_path, tmp_path / "absent.txt") == {}
    wanted = {Path(m.__file__).resolve() for m in (multiword, freedict, tokenize, script)}
    assert wanted <= seen["code"]
