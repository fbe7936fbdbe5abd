"""The model card (README.md) and the robustir metadata file of a trained model folder.

``robustir.json`` in the folder records how the model was trained (strategy,
alpha, base model fingerprint, data split, languages, seed, time) so that
``robustir.models.load_encoder(dir)`` and result provenance can report it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from robustir import schema

METADATA_FILE = "robustir.json"
METADATA_SCHEMA = schema.MODEL_METADATA

_STRATEGY_TEXT = {
    "xx": "X-X (monolingual): every batch in one language, drawn uniformly",
    "xy": "X-Y (cross-lingual): every pair's query and passage languages differ",
    "hybrid": "each batch X-X with probability alpha, else X-Y",
}


def read_metadata(folder: str | Path) -> dict[str, Any] | None:
    """The training metadata of a model folder, or None when it has none (or it is unreadable)."""
    path = Path(folder) / METADATA_FILE
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return obj if isinstance(obj, dict) and obj.get("schema") == METADATA_SCHEMA else None


def _early_text(es: dict[str, Any] | None) -> str:
    if not es:
        return "none (fixed number of steps)"
    curve = ", ".join(f"{p['step']}: {p['map']:.4f}" for p in es.get("curve", []))
    return (f"{es.get('metric')} every {es.get('eval_steps')} steps, patience {es.get('patience')}; best "
            f"{es.get('best_map')} at step {es.get('best_step')} (weights restored: {es.get('restored_best')}; "
            f"stopped early: {es.get('stopped_early')}); curve (step: mAP) {curve}")


def render_card(meta: dict[str, Any], library_card: str = "") -> str:
    """Markdown model card: a robustir section first, then sentence-transformers' own card if any."""
    data = meta.get("data", {})
    base = meta.get("base", {})
    lines = [
        "---",
        "library_name: sentence-transformers",
        "tags: [sentence-transformers, robustir, multilingual, retrieval]",
        "---",
        "",
        f"# {meta.get('name', 'robustir model')}",
        "",
        "Trained with `robustir train`: hybrid batch training for multilingual retrieval "
        "(Elmahdy, Lin & Ahmad, arXiv 2408.10536).",
        "",
        "| field | value |",
        "|---|---|",
        f"| strategy | `{meta.get('strategy')}`: {_STRATEGY_TEXT.get(meta.get('strategy', ''), '')} |",
        f"| alpha (share of X-X batches) | {meta.get('alpha')} |",
        f"| base model | `{base.get('name')}` (fingerprint `{str(base.get('fingerprint'))[:16]}`) |",
        f"| training data | {data.get('name')} `{data.get('split')}` split: {data.get('units')} questions x "
        f"{len(meta.get('langs', []))} languages ({data.get('groups')} conflict groups); "
        f"split rule: {data.get('split_rule')}; data checksum `{str(data.get('checksum'))[:16]}` |",
        f"| languages | {', '.join(meta.get('langs', []))} |",
        f"| held-out articles (test) | {', '.join(data.get('test_articles', []))} |",
        f"| loss | MultipleNegativesRankingLoss (InfoNCE, in-batch negatives, cosine, scale "
        f"{meta.get('scale')} = temperature {1 / float(meta.get('scale') or 1):.3g}) |",
        f"| optimiser | AdamW lr {meta.get('lr')}, weight decay {meta.get('weight_decay')}, "
        f"warmup ratio {meta.get('warmup_ratio')} |",
        f"| batch size | {meta.get('batch_size')} |",
        f"| trained parameters | {meta.get('frozen_parameters', {}).get('trainable')} trainable, "
        f"{meta.get('frozen_parameters', {}).get('frozen')} frozen (frozen embeddings: "
        f"{meta.get('freeze_embeddings')}, top layers trained: {meta.get('train_layers') or 'all'}) |",
        f"| max sequence length | {meta.get('max_seq_length')} |",
        f"| epochs / steps | {meta.get('epochs')} / {meta.get('steps')} (max_steps {meta.get('max_steps')}) |",
        f"| stopped by time limit | {meta.get('stopped_by_time_limit')} (limit {meta.get('max_minutes')} min) |",
        f"| early stopping | {_early_text(meta.get('early_stopping'))} |",
        f"| seed | {meta.get('seed')} |",
        f"| prompts | query `{meta.get('query_prompt')}`, passage `{meta.get('passage_prompt')}` |",
        f"| training time | {meta.get('training_seconds')} s on {meta.get('device')} |",
        f"| final training loss | {meta.get('final_loss')} |",
        f"| versions | {', '.join(f'{k} {v}' for k, v in sorted(meta.get('versions', {}).items()))} |",
        "",
        "Batches never hold the same question twice (in any language) nor the same passage twice: "
        "questions sharing an answer sentence in any language, or an identical question or passage text, "
        "form one group and a batch takes at most one question per group.",
        "",
        f"The training metadata is also in `{METADATA_FILE}`.",
        "",
    ]
    text = "\n".join(lines)
    if library_card.strip():
        body = library_card
        if body.startswith("---"):  # drop the library's YAML header: ours comes first
            end = body.find("\n---", 3)
            body = body[end + 4:] if end != -1 else body
        text += "\n## sentence-transformers model card\n\n" + body.lstrip()
    return text
