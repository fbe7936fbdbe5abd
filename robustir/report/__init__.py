"""Reports of robustir results: terminal (rich), Markdown, CSV, HTML with plots, TREC files, comparisons.

Modules import their heavy dependencies (matplotlib, scipy) inside functions, so
importing ``robustir.report`` is cheap.

- ``extract``: labelled rows and per-query arrays pulled out of result dicts.
- ``terminal``: ``print_result``, ``print_results`` (rich tables).
- ``compare``: paired strategy comparison of results on the same perturbed queries.
- ``markdown``, ``csv``, ``html``, ``plots``: file reports.
- ``trec``: TREC run and qrels files (``write_trec_run``, ``write_trec_qrels`` and readers).
"""
