"""Fine-tune a bi-encoder with X-X, X-Y or hybrid batches on XQuAD-R (arXiv 2408.10536).

Uses sentence-transformers' ``SentenceTransformerTrainer`` with
``MultipleNegativesRankingLoss`` (InfoNCE over in-batch negatives, cosine
similarity times ``scale``; scale 20 = temperature 0.05) and AdamW (lr 3e-5,
weight decay 0.01, the paper's settings). Queries get the ``query: `` prompt,
passages ``passage: `` (the model's own prompts when it has them). The batch
sampler (:mod:`robustir.train.samplers`) decides the languages of every pair.

The output folder is an ordinary sentence-transformers model plus
``robustir.json`` (strategy, alpha, base fingerprint, split, seed, time) and a
model card. With ``eval_steps``, training stops early: every ``eval_steps`` steps
(and before the first) the model is scored on the XQuAD-R **dev** articles
(multilingual mAP over ``dev_langs``, default the training languages; never the
test articles), and after ``early_stopping_patience`` evaluations without a new
best it stops; the best weights are restored and the curve is recorded in
``robustir.json`` (``early_stopping``). Checkpoints go to ``<output>/checkpoints``; ``resume=True``
continues from the last one (the sampler is deterministic per epoch, so the
resumed run sees the same batches).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from robustir.errors import InputError
from robustir.provenance import package_versions
from robustir.train import STRATEGIES

DEFAULT_QUERY_PROMPT = "query: "
DEFAULT_PASSAGE_PROMPT = "passage: "


@dataclass
class TrainConfig:
    """Everything that determines a training run (recorded in the model's metadata)."""

    output: Path
    strategy: str = "hybrid"
    alpha: float = 0.5
    base: str = "me5-small"
    data: str = "xquad-r"
    langs: Sequence[str] | None = None
    epochs: float = 1.0
    max_steps: int | None = None
    batch_size: int = 32
    max_seq_length: int = 128
    seed: int = 0
    lr: float = 3e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    scale: float = 20.0
    save_steps: int = 50
    freeze_embeddings: bool = False
    train_layers: int | None = None
    max_minutes: float | None = None
    data_dir: Path | None = None
    resume: bool = False
    overwrite: bool = False
    keep_checkpoints: bool = False
    trust_remote_code: bool = False  # allow a base folder that brings its own Python code
    eval_steps: int | None = None
    early_stopping_patience: int = 3
    dev_langs: Sequence[str] | None = None
    dev_limit: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class TrainResult:
    output: Path
    steps: int
    seconds: float
    final_loss: float | None
    metadata: dict[str, Any]


def _load_base_encoder(spec: str, max_seq_length: int | None,
                       trust_remote_code: bool = False) -> tuple[Any, str, str]:
    """(robustir encoder, name, fingerprint) of the base model, via ``robustir.models.load_encoder``
    (names like ``me5-small``, folders). Its ``.model`` is what is trained; the dev-split evaluation
    encodes through the encoder."""
    from robustir.models import load_encoder

    enc = load_encoder(spec, max_seq_length=max_seq_length, trust_remote_code=trust_remote_code)
    if getattr(enc, "model", None) is None:
        raise InputError(f"{spec} is not a trainable sentence-transformers model (no .model)")
    return enc, enc.name, enc.fingerprint


def freeze_parameters(model: Any, freeze_embeddings: bool, train_layers: int | None) -> dict[str, int]:
    """Freeze the token embeddings and/or all but the top ``train_layers`` transformer layers.

    On a CPU the dense gradient and AdamW update of a 250k-token embedding
    matrix (96M of me5-small's 118M parameters) dominate a step, and frozen
    lower layers need no backward pass; both are the usual cheap-fine-tuning
    trade-offs. Returns {"trainable": n, "frozen": n} parameter counts.
    """
    auto = getattr(model[0], "auto_model", None)
    if (freeze_embeddings or train_layers is not None) and auto is None:
        raise InputError("cannot freeze parts of this model: its first module is not a transformers model")
    if freeze_embeddings or train_layers is not None:
        emb = getattr(auto, "embeddings", None)
        if emb is not None:
            emb.requires_grad_(False)
    if train_layers is not None:
        layers = getattr(getattr(auto, "encoder", None), "layer", None)
        if layers is None:
            raise InputError("--train-layers needs a BERT-like model (encoder.layer)")
        if not 0 < train_layers <= len(layers):
            raise InputError(f"--train-layers must be in 1..{len(layers)}, got {train_layers}")
        for layer in list(layers)[: len(layers) - train_layers]:
            layer.requires_grad_(False)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    return {"trainable": int(trainable), "frozen": int(total - trainable)}


def _time_limit_callback(seconds: float) -> Any:
    """A TrainerCallback that ends training (model still saved) once ``seconds`` of wall time have passed.

    A safety net for shared machines; the metadata records whether it fired,
    because a time-limited run is not reproducible step for step.
    """
    from transformers import TrainerCallback

    class TimeLimit(TrainerCallback):
        def __init__(self) -> None:
            self.start = time.perf_counter()
            self.fired = False

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
            if time.perf_counter() - self.start > seconds:
                self.fired = True
                control.should_training_stop = True
            return control

    return TimeLimit()


#: Dev scores of untouched base models, keyed by (fingerprint, dev data): every training of a
#: study starts from the same base on the same dev questions, so its step-0 score is computed once.
_BASE_SCORES: dict[tuple[Any, ...], float] = {}


def _dev_metric(encoder: Any, data: Any, batch_size: int) -> float:
    """Multilingual mAP (mono mAP with one language) of ``encoder`` on ``data`` (``xeval.EvalData``)."""
    from robustir.xeval import encode_all, score_settings

    setting = "multi" if len(data.langs) > 1 else "mono"
    qv, cv = encode_all(encoder, data, batch_size=batch_size)
    # 100 resamples: the CI is not used here, only the mean.
    return round(float(score_settings(data, qv, cv, [setting], n_resamples=100)[setting]["map"]["mean"]), 6)


def _restrict_pool(data: Any) -> Any:
    """``data`` with each language's candidates cut to the articles of its questions' answers.

    Used with ``dev_limit``: the first N dev questions come from one or two articles, and
    scoring them against the sentences of those articles (not the whole dev pool) makes an
    early-stopping evaluation several times cheaper (a smaller pool: an easier, noisier
    criterion, recorded as such in the metadata).
    """
    import dataclasses

    import numpy as np

    def article(cid: str) -> str:
        return cid.split(":")[1]

    cands, ids, answers = {}, {}, {}
    for lg in data.langs:
        keep_articles = {article(data.candidate_ids[lg][j]) for j in data.answers[lg]}
        keep = [j for j, cid in enumerate(data.candidate_ids[lg]) if article(cid) in keep_articles]
        new_index = {j: i for i, j in enumerate(keep)}
        cands[lg] = [data.candidates[lg][j] for j in keep]
        ids[lg] = [data.candidate_ids[lg][j] for j in keep]
        answers[lg] = np.array([new_index[int(j)] for j in data.answers[lg]], dtype=np.int64)
    return dataclasses.replace(data, candidates=cands, candidate_ids=ids, answers=answers)


def _early_stopping_callback(encoder: Any, model: Any, data: Any, every: int, patience: int,
                             batch_size: int) -> Any:
    """A TrainerCallback that scores the dev split every ``every`` steps, keeps the best weights in
    memory and stops after ``patience`` evaluations without improvement.

    Hand-written rather than transformers' ``EarlyStoppingCallback``: that one needs the
    Trainer's evaluation loop (an eval dataset and a loss), while the criterion here is a
    retrieval metric over a candidate pool, which the Trainer cannot compute.
    """
    import torch
    from transformers import TrainerCallback

    class DevEarlyStopping(TrainerCallback):
        def __init__(self) -> None:
            self.curve: list[dict[str, Any]] = []
            self.best = -1.0
            self.best_step = 0
            self.best_state: dict[str, Any] | None = None
            self.bad = 0
            self.stopped = False

        def evaluate(self, step: int) -> None:
            self.record(step, _dev_metric(encoder, data, batch_size))

        def record(self, step: int, value: float) -> None:
            self.curve.append({"step": int(step), "map": value})
            if value > self.best:
                self.best, self.best_step, self.bad = value, int(step), 0
                self.best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
            else:
                self.bad += 1

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
            if not self.curve:
                if state.global_step == 0:  # the untouched base model: scored once per process
                    key = (str(getattr(encoder, "fingerprint", id(encoder))), data.checksum, tuple(data.langs),
                           len(data.qids), sum(len(c) for c in data.candidates.values()),
                           encoder.query_prompt, encoder.passage_prompt, int(model.max_seq_length))
                    if key not in _BASE_SCORES:
                        _BASE_SCORES[key] = _dev_metric(encoder, data, batch_size)
                    self.record(0, _BASE_SCORES[key])
                else:
                    self.evaluate(state.global_step)
            return control

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
            if state.global_step % every == 0:
                self.evaluate(state.global_step)
                if self.bad >= patience:
                    self.stopped = True
                    control.should_training_stop = True
            return control

        def restore_best(self) -> bool:
            if self.best_state is None:
                return False
            with torch.no_grad():
                model.load_state_dict(self.best_state)
            return True

    return DevEarlyStopping()


def _last_loss(log_history: list[dict[str, Any]]) -> float | None:
    for entry in reversed(log_history):
        if "loss" in entry:
            return round(float(entry["loss"]), 6)
        if "train_loss" in entry:
            return round(float(entry["train_loss"]), 6)
    return None


def train(config: TrainConfig) -> TrainResult:
    """Train, save the model with its card and metadata, and return what happened."""
    from robustir.env import configure_offline

    configure_offline()
    if config.strategy not in STRATEGIES:
        raise InputError(f"unknown strategy {config.strategy!r}; choose {', '.join(STRATEGIES)}")
    if config.data != "xquad-r":
        raise InputError(f"training data {config.data!r} is not supported; use xquad-r")
    if config.max_steps is not None and config.max_steps < 1:
        raise InputError(f"--max-steps must be at least 1 (got {config.max_steps}); leave it out to train "
                         "for --epochs")
    from robustir.validate import check_seed

    check_seed(config.seed)
    for opt, value in (("--batch-size", config.batch_size), ("--save-steps", config.save_steps)):
        if value < 1:
            raise InputError(f"{opt} must be at least 1 (got {value})")
    if not config.lr > 0 or config.lr != config.lr:
        raise InputError(f"--lr must be positive (got {config.lr})")
    if config.max_minutes is not None and not config.max_minutes > 0:
        raise InputError(f"--max-minutes must be positive (got {config.max_minutes})")
    if config.epochs <= 0 and not config.max_steps:
        raise InputError("--epochs must be positive (or give --max-steps)")
    if config.max_seq_length < 8:
        raise InputError(f"--max-seq-length {config.max_seq_length} is too short")
    from robustir.train.card import METADATA_FILE, METADATA_SCHEMA, read_metadata, render_card
    from robustir.train.samplers import batch_sampler_factory, strategy_alpha

    out = Path(config.output).expanduser()
    if read_metadata(out) is not None and not (config.overwrite or config.resume):
        raise InputError(f"{out} already holds a trained model; choose another --output or pass --overwrite")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder")
    ckpt_dir = out / "checkpoints"
    alpha = strategy_alpha(config.strategy, config.alpha)

    from robustir.data import xquadr
    from robustir.train.pairs import build_pairs

    data = xquadr.read(config.data_dir, config.langs)
    pairs = build_pairs(data, data.langs, split="train")
    dataset = pairs.to_dataset()

    if config.eval_steps is not None and config.eval_steps < 1:
        raise InputError(f"eval_steps must be at least 1, got {config.eval_steps}")
    if config.early_stopping_patience < 1:
        raise InputError(f"early_stopping_patience must be at least 1, got {config.early_stopping_patience}")
    dev = None
    if config.eval_steps:
        from robustir.xeval import build_eval_data

        dev = build_eval_data(config.data_dir, tuple(config.dev_langs or data.langs), split="dev",
                              limit=config.dev_limit)
        if config.dev_limit is not None:
            dev = _restrict_pool(dev)
    encoder, base_name, base_fp = _load_base_encoder(config.base, config.max_seq_length,
                                                         config.trust_remote_code)
    model = encoder.model
    prompts = getattr(model, "prompts", {}) or {}
    q_prompt = prompts.get("query") or DEFAULT_QUERY_PROMPT
    p_prompt = prompts.get("passage") or DEFAULT_PASSAGE_PROMPT
    model.prompts = {**prompts, "query": q_prompt, "passage": p_prompt}
    model.max_seq_length = config.max_seq_length

    frozen = freeze_parameters(model, config.freeze_embeddings, config.train_layers)

    import torch
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    torch.manual_seed(config.seed)
    loss = MultipleNegativesRankingLoss(model, scale=config.scale)
    args = SentenceTransformerTrainingArguments(
        output_dir=str(ckpt_dir),
        num_train_epochs=config.epochs,
        max_steps=config.max_steps if config.max_steps else -1,
        per_device_train_batch_size=config.batch_size,
        learning_rate=config.lr,
        weight_decay=config.weight_decay,
        warmup_ratio=config.warmup_ratio,
        seed=config.seed,
        data_seed=config.seed,
        batch_sampler=batch_sampler_factory(config.strategy, pairs.layout, alpha),
        prompts={"anchor": q_prompt, "positive": p_prompt},
        save_strategy="steps",
        save_steps=config.save_steps,
        save_total_limit=1,
        logging_steps=max(1, min(10, config.save_steps)),
        report_to="none",
        dataloader_num_workers=0,
        dataloader_pin_memory=False,
        use_cpu=not torch.cuda.is_available(),
        disable_tqdm=True,
    )
    trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=dataset, loss=loss)
    stopper = None
    if config.max_minutes:
        stopper = _time_limit_callback(config.max_minutes * 60.0)
        trainer.add_callback(stopper)
    early = None
    if dev is not None:
        assert config.eval_steps is not None  # dev is built only with eval_steps (type narrowing)
        encoder.query_prompt, encoder.passage_prompt = q_prompt, p_prompt
        early = _early_stopping_callback(encoder, model, dev, int(config.eval_steps), config.early_stopping_patience,
                                         config.batch_size)
        trainer.add_callback(early)
    resume = bool(config.resume and ckpt_dir.is_dir() and any(ckpt_dir.glob("checkpoint-*")))
    t0 = time.perf_counter()
    trainer.train(resume_from_checkpoint=True if resume else None)
    steps = int(trainer.state.global_step)
    early_meta = None
    if early is not None:
        assert dev is not None  # early stopping exists only with dev data (type narrowing)
        last = early.curve[-1]["step"] if early.curve else -1
        if last != steps:  # the last step was not a multiple of eval_steps: score the final weights too
            early.evaluate(steps)
        restored = early.restore_best()
        early_meta = {"metric": f"XQuAD-R dev split {'multilingual' if len(dev.langs) > 1 else 'monolingual'} mAP",
                      "dev_langs": list(dev.langs), "dev_questions": len(dev.qids), "dev_articles": dev.articles,
                      "dev_candidates": {lg: len(c) for lg, c in dev.candidates.items()},
                      "dev_pool": ("the articles of the first dev_limit questions" if config.dev_limit is not None
                                   else "every dev article"),
                      "eval_steps": config.eval_steps, "patience": config.early_stopping_patience,
                      "curve": early.curve, "best_step": early.best_step, "best_map": early.best,
                      "stopped_early": early.stopped, "restored_best": restored}
    seconds = round(time.perf_counter() - t0, 1)

    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    test_articles = data.articles("test")
    meta: dict[str, Any] = {
        "schema": METADATA_SCHEMA,
        "name": out.name,
        "strategy": config.strategy,
        "alpha": alpha,
        "base": {"name": base_name, "fingerprint": base_fp, "spec": str(config.base),
                 **({"trust_remote_code": True} if config.trust_remote_code else {})},
        "data": {"name": "xquad-r", "split": "train", "split_rule": xquadr.SPLIT_RULE,
                 "train_articles": data.articles("train"), "test_articles": test_articles,
                 "units": pairs.layout.n_units, "groups": pairs.layout.n_groups, "checksum": data.checksum},
        "langs": list(data.langs),
        "seed": config.seed,
        "epochs": config.epochs,
        "max_steps": config.max_steps,
        "steps": steps,
        "batch_size": config.batch_size,
        "max_seq_length": config.max_seq_length,
        "lr": config.lr,
        "weight_decay": config.weight_decay,
        "warmup_ratio": config.warmup_ratio,
        "scale": config.scale,
        "loss": "MultipleNegativesRankingLoss",
        "freeze_embeddings": bool(config.freeze_embeddings or config.train_layers is not None),
        "train_layers": config.train_layers,
        "frozen_parameters": frozen,
        "query_prompt": q_prompt,
        "passage_prompt": p_prompt,
        "training_seconds": seconds,
        "resumed": resume,
        "max_minutes": config.max_minutes,
        "stopped_by_time_limit": bool(stopper is not None and stopper.fired),
        "device": "cuda" if torch.cuda.is_available() else f"cpu ({torch.get_num_threads()} threads)",
        "final_loss": _last_loss(trainer.state.log_history),
        "early_stopping": early_meta,
        "versions": package_versions(),
        **({"extra": config.extra} if config.extra else {}),
    }
    from robustir.io import atomic_write_json, atomic_write_text, read_text

    atomic_write_json(out / METADATA_FILE, meta)
    readme = out / "README.md"
    library_card = read_text(readme) if readme.is_file() else ""
    atomic_write_text(readme, render_card(meta, library_card))
    if not config.keep_checkpoints and ckpt_dir.is_dir():
        shutil.rmtree(ckpt_dir, ignore_errors=True)
    return TrainResult(output=out, steps=steps, seconds=seconds, final_loss=meta["final_loss"], metadata=meta)


def config_dict(config: TrainConfig) -> dict[str, Any]:
    """The config as plain JSON-able values."""
    d = asdict(config)
    d["output"] = str(config.output)
    d["data_dir"] = str(config.data_dir) if config.data_dir else None
    d["langs"] = list(config.langs) if config.langs else None
    return d
