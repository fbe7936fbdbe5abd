"""English -> L code-switching, recurring wrong senses of the held-out draws v10-v25 (issue 10 (a), branch
sense20; bench/RESULTS.md section 117): "will there be another house of cards season" (v25) asks for a TV season,
not a season of the year (zh 季节, de Jahreszeit judged wrong in v20 and v25). The unnumbered-season rule
(``attacks.codeswitch._next_instalment``, "another", "new", "final" ... before "season") served it pt ru hi tr
only; it now serves every target.

Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered_choices as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs_de_zh(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["de", "zh"], rate=1.0, context="none",
                      resource_paths={**english_resources, "muse": require_muse("de", "zh")})


def test_another_season_of_a_show_is_no_season_of_the_year(cs_de_zh):
    # v25 boolq-test: season -> de Jahreszeit, zh 季节 (the season of the year; judged wrong)
    for q in ("will there be another house of cards season", "will there be a new season of death in paradise",
              "is this the final season of the originals"):
        offered = _offered(cs_de_zh, q).get("season", set())
        assert not offered & {"jahreszeit", "季节"}, q
    # the season of the year elsewhere keeps its word
    assert "季节" in _offered(cs_de_zh, "which season has the longest days").get("season", set())
