"""Keep third-party noise out of the user's output (shown again with ``--debug``).

What it silences, and why each is noise for a robustir user:

- transformers' warnings (``TRANSFORMERS_VERBOSITY=error``), among them the spurious
  "incorrect regex pattern ... fix_mistral_regex" notice that transformers 4.57 prints
  for every local XLM-R/BERT tokenizer (see ``robustir.models.st``);
- sentence-transformers' INFO/WARNING log lines (model loading, "No sentence-transformers
  model found") and its tqdm bars such as "Computing widget examples" while a model card
  is written (``TQDM_DISABLE=1``: robustir shows its own rich progress);
- Hugging Face Hub and datasets progress bars.

Only environment variables, logger levels and warning filters are set: nothing heavy is
imported, so ``robustir --help`` stays fast. Values the user set are kept.

Libraries' own deprecation notices (``DeprecationWarning``/``FutureWarning`` raised outside
robustir: transformers, click via spaCy, textattack...) are not the user's business either. One
rule, :func:`ignore_library_notices`, drops them on the command line and from the warnings a study
cell records as its notes (:func:`record_warnings`); robustir's own deprecations and the libraries'
real warnings still show.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

#: Loggers of libraries whose warnings are not the user's business (raised to ERROR).
_LOGGERS = ("sentence_transformers", "transformers", "datasets", "huggingface_hub", "filelock", "urllib3")

#: Environment variables read by the libraries when they are first imported.
_ENV = {"TRANSFORMERS_VERBOSITY": "error", "TQDM_DISABLE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "HF_DATASETS_DISABLE_PROGRESS_BARS": "1", "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1"}


#: Categories that, raised from a module outside robustir, are a library's own deprecation notice.
LIBRARY_NOTICES = (DeprecationWarning, FutureWarning)
#: Module names that are robustir's (the regex matches every *other* module).
_NOT_OURS = r"(?!robustir|attacks)"


def ignore_library_notices() -> None:
    """Filter out libraries' deprecation and future-change notices (the warnings filters, front)."""
    for category in LIBRARY_NOTICES:
        warnings.filterwarnings("ignore", category=category, module=_NOT_OURS)


@contextmanager
def record_warnings() -> Iterator[list[warnings.WarningMessage]]:
    """Record every warning raised inside (each occurrence, not once per place), except libraries'
    deprecation notices (:func:`ignore_library_notices`); the filters are restored on exit."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ignore_library_notices()
        yield caught


def quiet_third_party(debug: bool = False) -> None:
    """Silence third-party logging and progress bars unless ``debug``."""
    if debug:
        return
    for key, value in _ENV.items():
        os.environ.setdefault(key, value)
    for name in _LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:  # transformers already imported: its verbosity was read at import, set it directly
        import sys

        tlog = sys.modules.get("transformers.utils.logging")
        if tlog is not None:
            tlog.set_verbosity_error()
    except Exception:  # noqa: BLE001 - silencing must never break a run
        pass
