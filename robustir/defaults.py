"""Defaults that several commands share, defined once so that they cannot drift apart.

``DEFAULT_MAX_SEQ_LENGTH``: a model under evaluation (``robustir attack``, ``perturb``, ``study``,
``evaluate`` and their Python functions) truncates queries and passages at this many tokens, or at
its own limit when that is lower. The number is part of a model's fingerprint (and of its embedding
cache key), so one default means one fingerprint for the same model in every command: ``attack``
used the model's own limit (512 for me5-small) where the hybrid-robustness study used 256. 256 is
the study's value, so its results keep their fingerprints; an explicit value (``--max-seq-length``,
a study's ``max_seq_length``) still overrides it. Training has its own
setting (``robustir train --max-seq-length``, 128), recorded in the trained model.
"""

from __future__ import annotations

DEFAULT_MAX_SEQ_LENGTH = 256
