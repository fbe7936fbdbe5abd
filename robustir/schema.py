"""The names and versions of every file format robustir writes, in one place.

A reader checks a file's ``schema`` against these; a writer stamps them. Bump a version when a
field changes meaning or disappears (adding a field is compatible).
"""

from __future__ import annotations

RESULT = "robustir.result/1"  # robustir attack / robustir.evaluate
XEVAL = "robustir.xeval/1"  # robustir evaluate (mono / cross / multi mAP)
STUDY_SUMMARY = "robustir.study-summary/2"  # robustir study: summary.json
MODEL_METADATA = "robustir.model/1"  # robustir train: robustir.json beside the model
