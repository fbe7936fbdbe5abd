"""Keep third-party noise out of the user's output (shown again with ``--debug``).

What it silences, and why each is noise for a robustir user:

- transformers' warnings (``TRANSFORMERS_VERBOSITY=error``), among them the spurious
  "incorrect regex pattern ... fix_mistral_regex" notice that transformers 4.57 prints
  for every local XLM-R/BERT tokenizer (see ``robustir.models.st``);
- sentence-transformers' INFO/WARNING log lines (model loading, "No sentence-transformers
  model found") and its tqdm bars such as "Computing widget examples" while a model card
  is written (``TQDM_DISABLE=1``: robustir shows its own rich progress);
- Hugging Face Hub and datasets progress bars.

Only environment variables and logger levels are set: nothing heavy is imported,
so ``robustir --help`` stays fast. Values the user set are kept.
"""

from __future__ import annotations

import logging
import os

#: Loggers of libraries whose warnings are not the user's business (raised to ERROR).
_LOGGERS = ("sentence_transformers", "transformers", "datasets", "huggingface_hub", "filelock", "urllib3")

#: Environment variables read by the libraries when they are first imported.
_ENV = {"TRANSFORMERS_VERBOSITY": "error", "TQDM_DISABLE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "HF_DATASETS_DISABLE_PROGRESS_BARS": "1", "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1"}


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
