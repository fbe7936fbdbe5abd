"""Third-party noise is kept out of the user's output unless --debug."""

from __future__ import annotations

import logging

import pytest

from robustir import quiet


@pytest.fixture
def clean_env(monkeypatch):
    for key in quiet._ENV:
        monkeypatch.delenv(key, raising=False)
    levels = {n: logging.getLogger(n).level for n in quiet._LOGGERS}
    yield monkeypatch
    for n, lvl in levels.items():
        logging.getLogger(n).setLevel(lvl)


def test_quiet_silences_library_loggers_and_bars(clean_env):
    import os

    quiet.quiet_third_party(debug=False)
    assert os.environ["TRANSFORMERS_VERBOSITY"] == "error" and os.environ["TQDM_DISABLE"] == "1"
    assert not logging.getLogger("sentence_transformers").isEnabledFor(logging.WARNING)
    assert logging.getLogger("sentence_transformers").isEnabledFor(logging.ERROR)


def test_debug_leaves_everything_as_it_was(clean_env):
    import os

    before = logging.getLogger("sentence_transformers").level
    quiet.quiet_third_party(debug=True)
    assert "TQDM_DISABLE" not in os.environ and "TRANSFORMERS_VERBOSITY" not in os.environ
    assert logging.getLogger("sentence_transformers").level == before


def test_a_value_the_user_set_is_kept(clean_env):
    import os

    clean_env.setenv("TRANSFORMERS_VERBOSITY", "info")
    quiet.quiet_third_party(debug=False)
    assert os.environ["TRANSFORMERS_VERBOSITY"] == "info"
