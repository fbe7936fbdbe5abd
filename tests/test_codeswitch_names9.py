"""English -> L code-switching of all-lower-case questions (BoolQ): two cases of the collection-title lock
(``CodeSwitch._lowercase_names``, ``title_phrases``) found in the held-out v15 set
(bench/validity/lexical/v15-en-L.jsonl, v15-main-only.jsonl):

- a title run right after the indefinite article "a"/"an" (and holding no possessive) is a common-noun
  phrase, not the title: "based on a true story" is not the film "True Story" (story -> histoire, 物語,
  история, hikâye, 故事 were judged right and the lock had dropped them);
- "&" in a title is read as "and", as the questions write it: "is love and other drugs a true story" had
  love/drugs switched (-> 毒品, drogue, наркотики, aşk: judged wrong, 11 words) since "Love & Other Drugs"
  did not match. Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es", "zh")}


def _offered(titles: list[str], text: str, paths) -> set[str]:
    """The words of ``text`` the random recipe would switch into some language under ``titles``."""
    return offered(text, paths, titles, languages=("es", "zh"))


def test_a_title_after_an_indefinite_article_is_a_common_phrase(paths):
    titles = ["True Story (film)", "Water"]
    # v15: "story" locked by the film's title, yet it is the common noun here
    assert "story" in _offered(titles, "was cape fear based on a true story", paths)
    # the same run without the indefinite article before it is still the title
    assert "story" not in _offered(titles, "is true story on netflix", paths)
    assert "story" not in _offered(titles, "who starred in the true story", paths)
    # a possessive cannot take "a": the article is the following noun's, the run is the title (v15-main-only:
    # anatomy -> anatomie, 解剖学 judged wrong)
    assert "anatomy" not in _offered(["Grey's Anatomy", "Water"], "is station 19 a grey's anatomy spin off", paths)
    # a title that begins with the article matches with it: the article is inside the run
    assert "star" not in _offered(["A Star Is Born (2018 film)"], "is a star is born a remake", paths)


def test_an_ampersand_in_a_title_is_read_as_and(paths):
    from robustir.attacks.codeswitch import title_phrases

    assert "love and other drugs" in title_phrases(["Love & Other Drugs"], frozenset({"and", "a"}))
    offered = _offered(["Love & Other Drugs", "Water"], "is love and other drugs a true story", paths)
    assert not offered & {"love", "drugs"}
