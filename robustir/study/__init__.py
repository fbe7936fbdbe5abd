"""``robustir study``: a whole grid of evaluations (models x datasets x recipes x seeds), resumable.

A study is described by a TOML file (``spec``): models (by name, path, or a
training spec trained first), datasets, recipes, samples, seeds and measures,
plus an optional ``[quick]`` table of overrides. Each cell (model, dataset,
recipe, seed) is one ``robustir.evaluate()`` result written to its own file with a
checksum beside it (``cells``); re-running skips the cells whose file is intact
and whose provenance matches, so an interrupted study resumes where it stopped.
Cells sharing a model and dataset run together on one ``Retriever`` so that the
corpus and every distinct query text are encoded once per model (``runner``).
``executors`` runs those groups in this process or as Ray tasks; ``summary``
answers the research question (degradation per training strategy, hybrid vs
X-X / X-Y with CIs and Holm-adjusted p-values) in the terminal and as HTML.
"""

from robustir.study.spec import StudySpec, load_study

__all__ = ["StudySpec", "load_study"]
