"""One attack evaluation: perturb a benchmark's queries, retrieve, score, summarise.

It runs in two phases, so that everything that can be wrong is found before anything is computed:

- :func:`prepare` resolves the model spec, dataset and recipe, validates every option and returns an
  :class:`Evaluation` (no corpus encoded, no query attacked);
- :meth:`Evaluation.run` computes the :class:`~robustir.result.Result`, optionally on an existing
  ``Retriever`` (the study reuses one per model and dataset).

``robustir attack``, ``robustir perturb`` (:meth:`Evaluation.perturb`), the study's cells and
``evaluate()`` (the Python API: ``prepare(...).run(retriever)``) all go through it. ``run``:

1. encode the clean corpus once (cached on disk) and retrieve the clean queries;
2. perturb every query ``samples`` times (model-aware recipes get a scoring
   callable bound to the query and its relevant documents);
3. retrieve the perturbed queries (each distinct text is encoded once);
4. score every query with ir-measures (no query dropped) and summarise the paired
   clean/attacked differences with bootstrap confidence intervals.

A transfer attack (``surrogate=``) crafts the adversarial texts of step 2 against
another model's retriever; steps 3-4 evaluate the model under test on exactly
those texts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from robustir.env import configure_offline
from robustir.errors import InputError
from robustir.metrics import DEFAULT_MEASURES, SUCCESS_MEASURE, run_from_arrays, score_hits
from robustir.progress import progress_bars
from robustir.provenance import identity, result_provenance
from robustir.result import SCHEMA, Provenance, QueryResult, Result

log = logging.getLogger(__name__)

#: what ``progress_bars`` yields: a factory of progress callbacks, (label, total) -> callback
Task = Callable[[str, int], Any]
#: the independent encoder's cosine between originals and candidates (semantic floors)
SimilarityFn = Callable[[Sequence[str], Sequence[str]], np.ndarray]


def evaluate(model: Any, dataset: Any, recipe: Any = None, *, samples: int | None = None, seed: int = 0,
             limit: int | None = None, k: int = 100, measures: Sequence[str] = DEFAULT_MEASURES,
             batch_size: int | None = None, data_dir: Path | None = None, cache_dir: Path | None = None,
             runs_dir: Path | None = None, show_progress: bool = False, bootstrap_resamples: int = 10_000,
             two_level: bool = False, retriever: Any = None, trust_remote_code: bool = False,
             queries: str | Path | None = None, index: str | None = None, shard_size: int | None = None,
             device: str | None = None, precision: str = "auto", surrogate: Any = None,
             max_seq_length: int | None = None, similarity_fn: SimilarityFn | None = None) -> Result:
    """Evaluate how much ``recipe`` degrades ``model`` on ``dataset``: ``prepare(...).run(retriever)``.

    Args:
        model: a built-in name (``me5-small``), a model directory, a hub id (online only),
            a ``SentenceTransformer`` or an ``Encoder``.
        dataset: a registered name (``boolq``, ``fiqa``, ``xquad-r:de``...), a BEIR folder or a ``Benchmark``.
        recipe: a recipe name (``typo``), a TOML path or a ``Recipe``.
        samples: perturbed versions per query (default: the recipe's).
        seed: seeds the perturbations and the bootstrap; same seed, same result file.
        limit: evaluate only the first ``limit`` queries (against the full corpus).
        k: retrieval depth (run length) for the metrics.
        runs_dir: if given, also write TREC run files (clean and one per sample) and the qrels there.
        two_level: bootstrap also over the attack samples within each query.
        retriever: an existing ``Retriever`` for this encoder and this dataset's corpus, reused so that
            a study encodes the corpus and every distinct query text once per model (``robustir study``);
            ``model`` must then be its encoder. The result's ``cost`` counts only texts this call encoded.
        trust_remote_code: allow a model folder that brings its own Python code (refused otherwise;
            recorded in the provenance).
        queries: a file of pre-perturbed queries (``robustir perturb``'s JSONL or ``--format beir``) to
            evaluate in place of running ``recipe`` (give one or the other); its path, sha256 and the recipe
            it records go into the provenance (``recipe.spec.queries_file``). See :mod:`robustir.queryfile`.
        batch_size: encoder batch size (default: 64 on a CPU, 256 on a GPU).
        index: ``flat`` (exact, the default), ``ivf`` or ``hnsw`` with optional parameters
            (``ivf:nprobe=64``); an approximate index's recall@100 against exact search, measured on the
            clean queries, goes into the provenance.
        shard_size: passages per corpus-encoding shard (memory holds one shard's texts and vectors).
        device: ``auto`` (None: CUDA when available), ``cpu``, ``cuda``, ``cuda:N``.
        precision: on a GPU, ``auto`` uses float16 when it moves no probe vector by 1e-3 in cosine
            (measured, recorded in the provenance), ``fp32``/``fp16`` force one. CPUs use float32.
        surrogate: a transfer attack: an adversarial (model-aware) recipe crafts its texts against this
            model (a name, directory, ``Encoder``... like ``model``) and ``model`` is evaluated on exactly
            those texts, paired with its clean run on the same queries. The result's provenance records
            the surrogate (name and fingerprint). A ``Retriever`` for the surrogate on this dataset may be
            given instead (reused across models, like ``retriever``).
        max_seq_length: truncate the model's (and the surrogate's) inputs at this many tokens; default
            :data:`robustir.defaults.DEFAULT_MAX_SEQ_LENGTH` or the model's own limit when lower (the
            study's default too). Model objects you pass keep their own setting.
        similarity_fn: the independent encoder's cosine for semantic floors (default: multilingual USE).
    """
    ev = prepare(model, dataset, recipe, samples=samples, seed=seed, limit=limit, k=k, measures=measures,
                 batch_size=batch_size, data_dir=data_dir, cache_dir=cache_dir, runs_dir=runs_dir,
                 show_progress=show_progress, bootstrap_resamples=bootstrap_resamples, two_level=two_level,
                 trust_remote_code=trust_remote_code, queries=queries, index=index, shard_size=shard_size,
                 device=device, precision=precision, surrogate=surrogate, max_seq_length=max_seq_length,
                 similarity_fn=similarity_fn)
    return ev.run(retriever)


def prepare(model: Any, dataset: Any, recipe: Any = None, *, samples: int | None = None, seed: int = 0,
            limit: int | None = None, k: int = 100, measures: Sequence[str] = DEFAULT_MEASURES,
            batch_size: int | None = None, data_dir: Path | None = None, cache_dir: Path | None = None,
            runs_dir: Path | None = None, show_progress: bool = False, bootstrap_resamples: int = 10_000,
            two_level: bool = False, trust_remote_code: bool = False, queries: str | Path | None = None,
            index: str | None = None, shard_size: int | None = None, device: str | None = None,
            precision: str = "auto", surrogate: Any = None, max_seq_length: int | None = None,
            similarity_fn: SimilarityFn | None = None, build_attack: bool = True) -> Evaluation:
    """Phase one of an evaluation: check every option, resolve the dataset (cut to ``limit``), the recipe
    (or a file of perturbed queries), the sample count, the encoder and a transfer attack's surrogate.
    Raises a one-line ``InputError`` for anything wrong, before any corpus is encoded.

    Arguments as in :func:`evaluate`. ``model=None`` resolves no encoder (``robustir perturb`` with a
    model-agnostic recipe); such an evaluation can ``perturb`` but not ``run``. ``build_attack=False``
    leaves building the recipe's attack (and the checks that need it) to the first ``run``/``perturb``:
    a study prepares every cell but computes only those not already on disk."""
    from robustir.embeddings import check_shard_size
    from robustir.index import IndexSpec
    from robustir.models import load_encoder
    from robustir.models.device import check_device, check_precision
    from robustir.models.use import floor_device
    from robustir.retrieval import Retriever, document_ids
    from robustir.validate import check_evaluation

    if (recipe is None) == (queries is None):
        raise InputError("give a recipe or a file of perturbed queries (queries=...), not both or neither")
    check_evaluation(samples=samples, seed=seed, resamples=bootstrap_resamples, k=k, limit=limit,
                     batch_size=batch_size)
    index_spec = IndexSpec.parse(index)  # bad index, shard size, device: one line, before any encoding
    check_shard_size(shard_size)
    device = check_device(device)
    check_precision(precision)
    # a bad ROBUSTIR_FLOOR_DEVICE: one line now, not when the floor first loads (torch is imported only for a
    # cuda value: under auto or cpu this costs a few lookups)
    floor_device()
    attack: Any
    if queries is not None:
        from robustir.queryfile import replay

        recipe_obj, bench, attack, n_samples = replay(queries, dataset, limit=limit, samples=samples,
                                                      data_dir=data_dir)
    else:
        recipe_obj, bench, attack, n_samples = prepare_attack(recipe, dataset, limit=limit, samples=samples,
                                                              data_dir=data_dir, build=build_attack)
    # the full estimate once the query count is known, still before the model is loaded
    check_evaluation(samples=n_samples, seed=seed, resamples=bootstrap_resamples, k=k, limit=limit,
                     batch_size=batch_size, queries=len(bench.queries))
    if attack is not None:
        _check_surrogate(surrogate, attack, recipe_obj)
    from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH

    lengths = {"max_seq_length": max_seq_length, "default_max_seq_length": DEFAULT_MAX_SEQ_LENGTH}
    encoder = (load_encoder(model, device=device, trust_remote_code=trust_remote_code, **lengths)
               if model is not None else None)
    surrogate_retriever: Retriever | None = None
    surrogate_encoder = None
    if surrogate is not None:
        if isinstance(surrogate, Retriever):
            surrogate_retriever, surrogate_encoder = surrogate, surrogate.encoder
            if surrogate_retriever.doc_ids != document_ids(bench):  # (the same list: pointer comparisons)
                raise InputError(f"the surrogate retriever given is for another corpus than {bench.name}")
        else:
            surrogate_encoder = load_encoder(surrogate, device=device, trust_remote_code=trust_remote_code,
                                             **lengths)
    return Evaluation(encoder=encoder, bench=bench, recipe=recipe_obj, samples=n_samples, seed=seed, limit=limit,
                      k=k, measures=tuple(measures), batch_size=batch_size, cache_dir=cache_dir, runs_dir=runs_dir,
                      show_progress=show_progress, resamples=bootstrap_resamples, two_level=two_level,
                      index=index_spec, shard_size=shard_size, precision=precision,
                      surrogate_encoder=surrogate_encoder, surrogate_retriever=surrogate_retriever,
                      similarity_fn=similarity_fn, attack=attack)


def _check_surrogate(surrogate: Any, attack: Any, recipe: Any) -> None:
    if surrogate is not None and not attack.model_aware:
        raise InputError(f"a surrogate model crafts adversarial texts: recipe {recipe.name!r} is not "
                         "adversarial (choose an -adv recipe or drop --surrogate)")


@dataclass
class Evaluation:
    """A prepared evaluation (:func:`prepare`): what it evaluates, resolved, and how; ``run()`` computes it.

    ``bench`` is the benchmark cut to ``limit``; ``recipe`` a ``Recipe`` (or a replayed file's stand-in);
    ``samples`` the resolved sample count; ``attack`` the recipe's built attack (None until first needed
    when prepared with ``build_attack=False``)."""

    encoder: Any
    bench: Any
    recipe: Any
    samples: int
    seed: int
    limit: int | None
    k: int
    measures: tuple[str, ...]
    batch_size: int | None
    cache_dir: Path | None
    runs_dir: Path | None
    show_progress: bool
    resamples: int
    two_level: bool
    index: Any  # robustir.index.IndexSpec
    shard_size: int | None
    precision: str
    surrogate_encoder: Any = None
    surrogate_retriever: Any = None
    similarity_fn: SimilarityFn | None = None
    attack: Any = None
    #: a transfer attack's store of crafted texts (``robustir.study.crafted.CraftStore``): the texts
    #: crafted against the surrogate are read from it when stored, else crafted and stored there
    crafted: Any = None

    def identity(self) -> dict[str, Any]:
        """What the result will be the computation of (:func:`robustir.provenance.identity`): a study
        reuses a cell file whose recorded identity (``Result.identity()``) equals this."""
        return identity(fingerprint=self.encoder.fingerprint if self.encoder is not None else None,
                        dataset_checksum=self.bench.checksum, recipe_sha256=self.recipe.sha256, seed=self.seed,
                        samples=self.samples, limit=self.limit, k=self.k, measures=self.measures,
                        surrogate=self.surrogate_encoder.fingerprint if self.surrogate_encoder is not None
                        else None)

    def built_attack(self) -> Any:
        """The recipe's attack, built (and checked against the queries' languages) on first use."""
        if self.attack is None:
            attack = _build_attack(self.recipe, self.bench)
            _check_surrogate(self.surrogate_encoder, attack, self.recipe)
            self.attack = attack
        return self.attack

    def perturb(self, task: Task, *, score_with: Any = None, label: str = "attacking",
                similarity_fn: SimilarityFn | None = None) -> list[list[Any]]:
        """Every query's ``samples`` perturbations (``attacks.base.Perturbed``), annotated with their
        validity (``robustir.validity``). ``score_with``: the retriever a model-aware attack searches
        against; ``similarity_fn`` defaults to the evaluation's, else the multilingual USE."""
        from robustir.validity import annotate, floor_of

        attack = self.built_attack()
        texts = [q.text for q in self.bench.queries]
        score_fn = bind_batch_score_fn(score_with, self.bench, attack) if score_with is not None else None
        sim = similarity_fn or self.similarity_fn or use_similarity()
        out = attack.run(texts, seed=self.seed, samples=self.samples,
                         languages=[q.language for q in self.bench.queries], batch_score_fn=score_fn,
                         similarity_fn=sim, progress=task(f"{label} ({self.recipe.name})", len(texts)))
        return annotate(texts, out, sim, floor_of(attack))

    def run(self, retriever: Any = None) -> Result:
        """Phase two: encode, attack, retrieve, score and summarise; the :class:`~robustir.result.Result`.

        ``retriever``: an existing ``Retriever`` for this encoder on this dataset's corpus (reused; the
        result's ``cost`` counts only the texts this run encoded). Python's garbage collector is paused
        meanwhile (:mod:`robustir.attacks.gcpause`: ~8% of a warm run's CPU went to collections)."""
        from robustir.attacks.gcpause import paused

        with paused():
            return self._run(retriever)

    def _run(self, retriever: Any) -> Result:
        from robustir.models.device import choose_precision, default_batch_size
        from robustir.retrieval import Retriever, document_ids
        from robustir.stats import success_rate, summarize_many
        from robustir.validity import floor_of, valid_matrix, valid_samples, validity_block

        if self.encoder is None:
            raise InputError("this evaluation was prepared without a model: give one to run it")
        encoder, bench, n_samples, seed, k = self.encoder, self.bench, self.samples, self.seed, self.k
        attack = self.built_attack()
        attacker_retriever = self.surrogate_retriever
        surrogate_encoder = self.surrogate_encoder
        hardware = choose_precision(encoder, [q.text for q in bench.queries[:256]], self.precision) \
            if retriever is None else None
        batch_size = self.batch_size or default_batch_size(encoder)
        all_measures = list(dict.fromkeys([*self.measures, SUCCESS_MEASURE]))
        qids = [q.id for q in bench.queries]
        texts = [q.text for q in bench.queries]

        if retriever is not None and (retriever.encoder.fingerprint != encoder.fingerprint
                                      or retriever.doc_ids != document_ids(bench)):
            raise InputError(f"the retriever given is for another model or corpus than {encoder.name} on "
                             f"{bench.name}")
        encoded_before = retriever.texts_encoded if retriever is not None else 0
        surrogate_before = 0
        with progress_bars(self.show_progress) as task:
            if retriever is None:
                retriever = Retriever(encoder, bench, cache_dir=self.cache_dir, batch_size=batch_size,
                                      progress=task(f"encoding corpus ({encoder.name})", len(bench.corpus)),
                                      index=self.index, shard_size=self.shard_size)
            # an approximate index tunes its search effort on the clean queries before searching with it;
            # an exact one records which implementation searched (blas or faiss: their last bits differ)
            index_info = retriever.measure_recall(texts)
            # clean and attacked hits take the same path: search arrays scored as arrays
            clean_scores, clean_rows = retriever.search_hits(texts, k, progress=task("encoding clean queries",
                                                                                     len(texts)))

            score_with = None
            if attack.model_aware:
                if surrogate_encoder is not None and attacker_retriever is None:
                    if surrogate_encoder.fingerprint == encoder.fingerprint:
                        attacker_retriever = retriever  # the model is its own surrogate: a per-model attack
                    else:
                        attacker_retriever = Retriever(surrogate_encoder, bench, cache_dir=self.cache_dir,
                                                       batch_size=batch_size,
                                                       progress=task(f"encoding corpus ({surrogate_encoder.name}, "
                                                                     "surrogate)", len(bench.corpus)))
                surrogate_before = attacker_retriever.texts_encoded if attacker_retriever is not None else 0
                score_with = attacker_retriever or retriever
            if self.crafted is not None and surrogate_encoder is not None:
                perturbed = self.crafted.get_or_craft(self, lambda: self.perturb(task, score_with=score_with))
            else:
                perturbed = self.perturb(task, score_with=score_with)
            floor = floor_of(attack)
            flat = [p.text for per_query in perturbed for p in per_query]
            attacked_scores, attacked_rows = retriever.search_hits(
                flat, k, progress=task("encoding attacked queries", len(set(flat) - set(texts))))

        for qid, per_query in zip(qids, perturbed, strict=False):
            if len(per_query) != n_samples:
                raise RuntimeError(f"recipe {self.recipe.name} returned {len(per_query)} samples for {qid}, "
                                   f"expected {n_samples}")
        # flat is query-major (each query's samples in turn): sample s of every query is every n-th row
        blocks = [(qids, attacked_scores[s::n_samples], attacked_rows[s::n_samples]) for s in range(n_samples)]
        # the clean run scored with the attacked ones: the measures and judgements are prepared once
        clean, *attacked = score_hits([(qids, clean_scores, clean_rows), *blocks], retriever.doc_ids, bench.qrels,
                                      all_measures, doc_rows=getattr(retriever, "doc_rows", None))

        query_rows = [QueryResult(id=q.id, text=q.text, language=q.language, relevant=_relevant(bench, q.id),
                                  clean=clean[q.id],
                                  attacked=[{"sample": s, **perturbed[i][s].to_dict(), "metrics": attacked[s][q.id]}
                                            for s in range(n_samples)])
                      for i, q in enumerate(bench.queries)]
        # each measure's (queries,) clean and (queries, samples) attacked values, read column by column
        clean_metrics = [clean[q] for q in qids]
        sample_metrics = [[attacked[s][q] for q in qids] for s in range(n_samples)]
        pairs = {m: (_column(clean_metrics, m), np.stack([_column(rows, m) for rows in sample_metrics], axis=1))
                 for m in self.measures}
        valid = valid_samples(texts, perturbed)  # the same for every measure
        valid_pairs = {m: pair for m, (c, a) in pairs.items()
                       if (pair := valid_matrix(c, a, texts, perturbed, valid)) is not None}
        # every summary of the run shares one set of bootstrap and sign-flip draws (summarize_many: the same
        # dicts as one summarize call per measure, bit for bit)
        if self.two_level:
            got = summarize_many(list(pairs.values()), seed=seed, n_resamples=self.resamples, two_level=True)
            got += summarize_many(list(valid_pairs.values()), seed=seed, n_resamples=self.resamples)
        else:
            got = summarize_many([*pairs.values(), *valid_pairs.values()], seed=seed, n_resamples=self.resamples)
        summaries = dict(zip(pairs, got[:len(pairs)], strict=True))
        summary_valid = dict(zip(valid_pairs, got[len(pairs):], strict=True))
        validity = validity_block(texts, perturbed, floor, own_similarity=self.similarity_fn is not None)
        succ_clean = _column(clean_metrics, SUCCESS_MEASURE) > 0
        succ_att = np.stack([_column(rows, SUCCESS_MEASURE) for rows in sample_metrics], axis=1) > 0
        cost = {"texts_encoded": retriever.texts_encoded - encoded_before}
        # (a surrogate implies a model-aware attack, so attacker_retriever is set)
        if surrogate_encoder is not None and attacker_retriever is not None and attacker_retriever is not retriever:
            cost["surrogate_texts_encoded"] = attacker_retriever.texts_encoded - surrogate_before
        provenance = Provenance.from_dict(result_provenance(
            encoder=encoder, bench=bench, recipe=self.recipe, seed=seed, samples=n_samples, limit=self.limit, k=k,
            resamples=self.resamples, two_level=self.two_level, index=index_info, hardware=hardware,
            surrogate=surrogate_encoder))
        result = Result(schema=SCHEMA, provenance=provenance, measures=list(self.measures), queries=query_rows,
                        summaries=summaries, success=success_rate(succ_clean, succ_att), validity=validity,
                        summary_valid=summary_valid, cost=cost)
        if self.runs_dir is not None:
            clean_run = run_from_arrays(qids, clean_scores, clean_rows, retriever.doc_ids)
            per_sample_runs = [run_from_arrays(*block, retriever.doc_ids) for block in blocks]
            _write_runs(Path(self.runs_dir), bench, qids, clean_run, per_sample_runs, encoder.name, self.recipe.name)
        return result


def _column(rows: Sequence[dict[str, float]], measure: str) -> np.ndarray:
    """One measure's values of per-query metric dicts, as float64 (what ``np.array`` of them gives)."""
    return np.fromiter(map(itemgetter(measure), rows), dtype=np.float64, count=len(rows))


def prepare_attack(recipe: Any, dataset: Any, *, limit: int | None = None, samples: int | None = None,
                   data_dir: Path | None = None, build: bool = True) -> tuple[Any, Any, Any, int]:
    """Validate the options and load what every attack run needs: ``(recipe, benchmark, attack, samples)``.

    ``recipe`` is a name, a TOML path or a ``Recipe``; ``dataset`` a name, a BEIR folder or a
    ``Benchmark`` (cut to its first ``limit`` queries); ``samples`` defaults to the recipe's.
    ``build=False``: the attack is not built yet (None; :meth:`Evaluation.built_attack` builds it)."""
    from robustir.data import load_benchmark
    from robustir.data.benchmark import Benchmark
    from robustir.recipe import Recipe, load_recipe

    configure_offline()
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1 (got {limit})")
    if samples is not None and samples < 1:
        raise InputError(f"--samples must be at least 1 (got {samples})")
    recipe_obj = recipe if isinstance(recipe, Recipe) else load_recipe(recipe)
    try:
        bench = dataset if isinstance(dataset, Benchmark) else load_benchmark(dataset, data_dir=data_dir)
    except UnicodeEncodeError as e:  # a lone surrogate ("\ud800" in a JSON file) is no text
        raise InputError(f"dataset {dataset}: a text holds an invalid character ({e.object[e.start:e.end]!r}, a "
                         "lone surrogate); fix the data file") from None
    bench = bench.subset(limit)
    if not bench.queries:
        raise InputError(f"dataset {bench.name!r} has no judged queries")
    recipe_obj.check_languages({q.language for q in bench.queries}, bench.name)  # before any model loads
    for q in bench.queries:  # a lone surrogate (e.g. "\ud800" in JSON) cannot be encoded, cached or written
        try:
            q.text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise InputError(f"dataset {bench.name!r}: query {q.id!r} holds an invalid character "
                             f"({e.object[e.start]!r} at {e.start}, a lone surrogate); fix the query file") from None
    attack = None
    if build:
        attack = _build_attack(recipe_obj, bench)
    n_samples = samples if samples is not None else int(recipe_obj.spec.get("samples", 1))
    if n_samples < 1:
        raise InputError(f"--samples must be at least 1 (got {n_samples})")
    return recipe_obj, bench, attack, n_samples


def _build_attack(recipe_obj: Any, bench: Any) -> Any:
    """The recipe's attack, checked against the queries' languages and given the collection's
    document titles (names a perturbation must not rewrite word by word: codeswitch, codeswitch-adv, synonym,
    synonym-adv; ``attacks.codeswitch.CodeSwitch._lowercase_names``)."""
    attack = recipe_obj.build()
    _check_languages(recipe_obj.name, attack, bench)
    perturbation = getattr(attack, "perturbation", None)  # (a recipe may build its own kind of attack)
    if perturbation is not None:
        perturbation.use_collection_names(bench.corpus_value(_collection_titles),
                                          bench.corpus_value(_collection_passages))
    return attack


def _collection_titles(corpus: list[Any]) -> tuple[str, ...]:
    """The corpus's non-empty titles in corpus order, once per corpus (``Benchmark.corpus_value``) instead of
    a pass over every passage at each recipe build (O(corpus) per evaluation)."""
    return tuple(d.title for d in corpus if d.title)


def _collection_passages(corpus: list[Any]) -> tuple[str, ...]:
    """The corpus's passage texts in corpus order, once per corpus: how they write a run of words (capitalised
    mid-sentence: a name) is the lower-case name lock's evidence (``attacks.lex.casing``)."""
    return tuple(d.text for d in corpus)


def _check_languages(recipe_name: str, attack: Any, bench: Any) -> None:
    """Fail before any encoding when the perturbation cannot serve a query language (a missing
    dictionary, a language without a lexicon): one line saying what to install."""
    from robustir.attacks.base import MissingResource
    from robustir.errors import ResourceMissing

    check = getattr(getattr(attack, "perturbation", None), "check_language", None)
    if check is None:
        return
    for lang in dict.fromkeys(q.language for q in bench.queries):
        try:
            check(lang)
        except MissingResource as e:
            raise ResourceMissing(f"recipe {recipe_name!r}, {lang} queries: {e}") from e


def bind_score_fns(retriever: Any, bench: Any, attack: Any) -> list[Callable]:
    """One scoring callable per query for a model-aware attack: candidate texts in,
    ``RetrievalScores`` against that query's relevant documents out (the query-by-query
    form; ``bind_batch_score_fn`` scores the candidates of many queries per call)."""
    from robustir.attacks.base import RetrievalScores

    goal_k = int(getattr(attack, "goal_k", 10))

    def bind(relevant: list[str]) -> Callable:
        def score(candidates: Sequence[str]) -> RetrievalScores:
            rel, kth, rank = retriever.score_against(list(candidates), relevant, k=goal_k)
            return RetrievalScores(relevant=rel, nonrelevant=kth, rank=rank)

        return score

    return [bind(_relevant(bench, q.id)) for q in bench.queries]


def bind_batch_score_fn(retriever: Any, bench: Any, attack: Any) -> Callable:
    """The ``attacks.search.BatchScoreFn`` of a model-aware attack on ``bench``'s queries:
    candidates of many queries (``owners[i]`` = the index of text i's query) scored in one
    encoder call by ``Retriever.score_many``."""
    from robustir.attacks.base import RetrievalScores

    goal_k = int(getattr(attack, "goal_k", 10))
    relevant = [_relevant(bench, q.id) for q in bench.queries]

    def score(texts: Sequence[str], owners: Sequence[int]) -> RetrievalScores:
        rel, kth, rank = retriever.score_many(list(texts), [relevant[o] for o in owners], k=goal_k)
        return RetrievalScores(relevant=rel, nonrelevant=kth, rank=rank)

    return score


def _relevant(bench: Any, qid: str) -> list[str]:
    return sorted(d for d, g in bench.qrels.get(qid, {}).items() if g > 0)


def use_similarity() -> Callable[[Sequence[str], Sequence[str]], np.ndarray]:
    """Cosine between originals and candidates under the multilingual USE, an encoder
    independent of the one under attack; loaded only if a recipe's constraint asks.

    Each distinct text is encoded once per similarity function (one per run): its vector
    is cached, and each call encodes the texts not seen yet in ONE batch (a greedy step
    checks the candidates of many queries at once, and every step re-checks the originals)."""
    state: dict[str, Any] = {}
    cache: dict[str, np.ndarray] = {}

    def similarity(originals: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
        if "enc" not in state:
            from robustir.validity import semantic_encoder

            state["enc"] = semantic_encoder()
        new = [t for t in dict.fromkeys([*originals, *candidates]) if t not in cache]
        if new:
            for t, v in zip(new, state["enc"].encode_queries(new), strict=False):
                cache[t] = v
        if not originals:
            return np.zeros(0)
        a = np.stack([cache[t] for t in originals])
        b = np.stack([cache[t] for t in candidates])
        return np.sum(a * b, axis=1)

    return similarity


def _write_runs(runs_dir: Path, bench: Any, qids: list[str], clean_run: dict, per_sample_runs: list,
                model_name: str, recipe_name: str) -> None:
    from robustir.io import safe_filename
    from robustir.report.trec import write_trec_qrels, write_trec_run

    tag = "robustir-" + safe_filename(model_name)
    write_trec_run(runs_dir / "clean.run", clean_run, tag + "-clean")
    stem = safe_filename(recipe_name)  # a recipe's name comes from its file: never a path
    for s, run in enumerate(per_sample_runs):
        ranked = {q: sorted(run[q].items(), key=lambda x: -x[1]) for q in qids}
        write_trec_run(runs_dir / f"{stem}.sample{s}.run", ranked, f"{tag}-{stem}-{s}")
    write_trec_qrels(runs_dir / "qrels.txt", bench.qrels)
