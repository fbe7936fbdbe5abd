"""L -> en code-switching: inflected words no dictionary lists, through their simplemma lemma, put back in the
word's form (``attacks.lex.lemmaform``; issue 10; bench/RESULTS.md section 192).

Dictionary-backed cases skip when MUSE is not installed.
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse


@pytest.mark.parametrize("word, lemma, form", [
    ("dirigió", "dirigir", ("v", "VBD")),      # third-person preterite
    ("atacaron", "atacar", ("v", "VBD")),
    ("conocía", "conocer", ("v", "VBD")),      # imperfect
    ("publicado", "publicar", ("v", "VBN")),
    ("extienden", "extender", ("v", "VBP")),
    ("dirige", "dirigir", ("v", "VBZ")),
    ("ataques", "ataque", ("na", "NNS")),
    ("mujeres", "mujer", ("na", "NNS")),
    ("comería", "comer", None),                # conditional: not told
    ("ganará", "ganar", None),                 # future: not told
    ("duraría", "durar", None),                # conditional of an -ar verb
    ("abandonarían", "abandonar", None),
    ("resolverse", "resolver", None),          # infinitive with a clitic
    ("ganara", "ganar", None),                 # past subjunctive
    ("piensa", "pensar", ("v", "VBZ")),        # a diphthong in the stem
    ("cuentan", "contar", ("v", "VBP")),
    ("gano", "ganar", None),                   # first person: not told
])
def test_spanish_form_from_the_suffix(word, lemma, form):
    from robustir.attacks.lex.lemmaform import lemma_of, spanish_form

    assert lemma_of(word, "es") == lemma
    assert spanish_form(word, lemma) == form


def test_only_the_adopted_languages_and_not_where_the_form_misleads():
    from robustir.attacks.lex.lemmaform import LANGUAGES, lemma_english

    def lookup(lemma: str, lang: str) -> tuple[str, ...]:
        return {"dirigir": ("direct",), "fundar": ("found",), "volver": ("return",), "unir": ("join",),
                "poder": ("power",)}.get(lemma, ())

    assert "es" in LANGUAGES
    assert lemma_english(lookup, ["Quién", "dirigió", "la", "película"], 1, "es") == ("directed",)
    assert lemma_english(lookup, ["dirigió"], 0, "xx") == ()
    # se fundó "was founded": the reflexive changes the voice, so "founded" would be wrong
    assert lemma_english(lookup, ["Cuándo", "se", "fundó"], 2, "es") == ()
    # volvieron a construir "rebuilt": a periphrasis; volvieron a la capital "returned"
    assert lemma_english(lookup, ["volvieron", "a", "construir", "el", "imperio"], 0, "es") == ()
    assert lemma_english(lookup, ["volvieron", "a", "la", "capital"], 0, "es") == ("returned",)
    # siguieron usando "kept using": a verb before a gerund
    assert lemma_english(lambda lemma, lang: ("follow",), ["siguieron", "usando", "nombres"], 0, "es") == ()
    # pensaban compensar "intended to offset": a verb before an infinitive; not before a name (experimentó Dewar)
    assert lemma_english(lambda lemma, lang: ("think",), ["ricos", "pensaban", "compensar"], 1, "es") == ()
    assert lemma_english(lambda lemma, lang: ("experiment",), ["experimentó", "Dewar"], 0, "es") == ("experimented",)
    # Estados Unidos: a capitalised word inside the sentence is a name's
    assert lemma_english(lookup, ["En", "Estados", "Unidos"], 2, "es") == ()
    # podía "could", not "powered": an auxiliary is not looked up
    assert lemma_english(lookup, ["Cuántos", "canales", "podía", "tener"], 2, "es") == ()


@pytest.mark.parametrize("text, word, wanted", [
    # MLQA-R es questions section 180 left unswitched: no source lists the preterite
    ("¿Quién dirigió la película?", "dirigió", "directed"),
    ("¿Cuándo atacaron los alemanes?", "atacaron", "attacked"),
    ("¿Qué anticipó?", "anticipó", "anticipated"),
    # the back-check vetoed MUSE's lone "died" for the form; the lemma morir is confirmed
    ("¿Cuándo murió?", "murió", "died"),
])
def test_spanish_preterite_is_switched_in_its_tense(cs, text, word, wanted):
    require_muse("es")
    cands = _cands(cs, text, "es", word)
    assert wanted in cands
    # every candidate is in the past tense (no base form "direct", "attack": a wrong tense is a wrong translation)
    assert all(c.endswith("ed") or c in ("led", "won") for c in cands), cands


def test_spanish_form_without_english_stays_unswitched(cs):
    # nacer: FreeDict's only entries are "arise" and a typo ("beborn"); nothing is offered for nació
    require_muse("es")
    assert "arose" not in _cands(cs, "¿Dónde nació George?", "es", "nació")
