"""Study summary figures as PNG bytes (matplotlib, Agg; the look of ``robustir.report.plots``).

- ``forest``: each primary comparison's difference (A - B degradation) with its CI,
  pooled rows and the per-dataset breakdown, and the equivalence band +-margin.
- ``degradation_vs_clean``: every (dataset, recipe, model) point: clean score against
  degradation, so robustness is read next to how good the model is to begin with.
- ``seed_spread``: per model and dataset, the mean degradation of every training seed.
- ``training_curves``: the early-stopping curves (dev mAP against step) per training run.
- ``degradation_by_recipe``: degradation [CI] per recipe and model, a panel per dataset.
- ``comparison_forest``: the exploratory differences A − B [CI] per dataset and recipe, a panel per pair,
  Holm-significant ones filled.

Deterministic bytes (no metadata), like the report's plots.
"""

from __future__ import annotations

from typing import Any

from robustir.report.plots import _colors, _err, _figure, figure_png


def forest(primary: dict[str, Any]) -> bytes | None:
    """The forest plot of the primary comparisons (and their per-dataset breakdown), or None without data."""
    rows = [r for r in primary.get("rows", []) if r["difference"].get("mean") is not None]
    if not rows:
        return None
    items: list[tuple[str, dict, bool, str]] = []
    for r in rows:
        items.append((f"{r['a']} − {r['b']} | {r['family']} | {r['datasets']}", r["difference"], True,
                      r.get("verdict", "")))
        for b in primary.get("by_dataset", []):
            if (b["family"], b["a"], b["b"]) == (r["family"], r["a"], r["b"]):
                items.append((f"    {b['datasets']}", b["difference"], False, ""))
    pairs = list(dict.fromkeys(f"{r['a']} − {r['b']}" for r in rows))
    colors = dict(zip(pairs, _colors(len(pairs)), strict=False))
    fig = _figure(9.0, 1.2 + 0.28 * len(items))
    ax = fig.subplots()
    margin = float(primary["margin"])
    ax.axvspan(-margin, margin, color="0.85", alpha=0.6, label=f"equivalence band ±{margin:g}")
    ax.axvline(0.0, color="0.4", linewidth=0.8, linestyle="--")
    current = pairs[0]
    for i, (label, d, main, verdict) in enumerate(items):
        y = len(items) - 1 - i
        if main:
            current = label.split(" | ")[0]
        mean = d["mean"]
        lo = d["low"] if d.get("low") is not None else mean
        hi = d["high"] if d.get("high") is not None else mean
        ax.errorbar([mean], [y], xerr=[[mean - lo], [hi - mean]], fmt="D" if main else "o",
                    color=colors[current], ecolor=colors[current], markersize=6 if main else 4,
                    elinewidth=2.0 if main else 1.0, capsize=3, alpha=1.0 if main else 0.7)
        if main and verdict:
            ax.annotate(verdict, (1.0, y), xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(items)))
    ax.set_yticklabels([x[0] for x in reversed(items)], fontsize=8)
    ax.set_xlabel(f"{primary['measure']} degradation difference A − B (negative: A more robust); "
                  f"{100 * (1 - primary['alpha']):.0f}% seed-aware CI", fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    fig.suptitle("Primary comparisons (diamonds; Holm within the family) and per-dataset breakdown "
                 "(dots; exploratory)", fontsize=10)
    return figure_png(fig)


def degradation_vs_clean(rows: list[dict[str, Any]], measure: str) -> bytes | None:
    """Clean score (x) against degradation (y) for every (dataset, recipe, model) of ``measure``."""
    sel = [r for r in rows if r["measure"] == measure and r["clean"] and r["degradation"]
           and r["clean"].get("mean") is not None and r["degradation"].get("mean") is not None]
    if not sel:
        return None
    models = list(dict.fromkeys(r["model"] for r in sel))
    colors = dict(zip(models, _colors(len(models)), strict=False))
    fig = _figure(6.8, 4.2)
    ax = fig.subplots()
    for m in models:
        pts = [r for r in sel if r["model"] == m]
        ax.scatter([r["clean"]["mean"] for r in pts], [r["degradation"]["mean"] for r in pts], color=colors[m],
                   label=m, s=22, alpha=0.85)
    ax.axhline(0.0, color="0.5", linewidth=0.8, linestyle="--")
    ax.set_xlabel(f"clean {measure}", fontsize=9)
    ax.set_ylabel(f"{measure} degradation (clean − attacked)", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, frameon=False, title="model", title_fontsize=8)
    fig.suptitle("Degradation against clean score (one point per dataset and recipe)", fontsize=10)
    return figure_png(fig)


def seed_spread(rows: list[dict[str, Any]], measure: str) -> bytes | None:
    """Per (dataset, recipe) and trained model: each training seed's mean degradation."""
    sel = [r for r in rows if r["measure"] == measure and r.get("trained") and r.get("per_seed")]
    if not sel:
        return None
    keys = list(dict.fromkeys(f"{r['dataset']}\n{r['recipe']}" for r in sel))
    models = list(dict.fromkeys(r["model"] for r in sel))
    every = list(dict.fromkeys(r["model"] for r in rows))  # the same colour per model in every figure
    colors = dict(zip(every, _colors(len(every)), strict=False))
    fig = _figure(max(6.5, min(14.0, 1.0 + 0.9 * len(keys))), 4.2)
    ax = fig.subplots()
    step = 0.8 / max(1, len(models))
    for j, m in enumerate(models):
        xs, ys = [], []
        for r in sel:
            if r["model"] != m:
                continue
            x = keys.index(f"{r['dataset']}\n{r['recipe']}") - 0.4 + step * (j + 0.5)
            for v in r["per_seed"]["degradation"]:
                xs.append(x)
                ys.append(v)
        ax.scatter(xs, ys, color=colors[m], label=m, s=16, alpha=0.85)
    ax.axhline(0.0, color="0.5", linewidth=0.8, linestyle="--")
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels(keys, fontsize=7, rotation=30 if len(keys) > 6 else 0, ha="right" if len(keys) > 6 else "center")
    ax.set_ylabel(f"{measure} degradation", fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, frameon=False, title="model", title_fontsize=8)
    fig.suptitle("Per-seed spread: one dot per training seed (training noise)", fontsize=10)
    return figure_png(fig)


def training_curves(training: list[dict[str, Any]], order: list[str] | None = None) -> bytes | None:
    """Dev-split mAP against training step, one line per training run (``order``: every model, for colours)."""
    runs = [t for t in training if t.get("curve")]
    if not runs:
        return None
    every = order or list(dict.fromkeys(t["model"] for t in runs))
    colors = dict(zip(every, _colors(len(every)), strict=False))
    fig = _figure(7.5, 4.2)
    ax = fig.subplots()
    seen: set[str] = set()
    for t in runs:
        xs = [p["step"] for p in t["curve"]]
        ys = [p["map"] for p in t["curve"]]
        ax.plot(xs, ys, marker="o", markersize=3, color=colors[t["model"]], alpha=0.8,
                label=t["model"] if t["model"] not in seen else None)
        seen.add(t["model"])
        if t.get("best_step") is not None:
            ax.scatter([t["best_step"]], [t["best_dev_map"]], color=colors[t["model"]], marker="*", s=70)
    ax.set_xlabel("training step", fontsize=9)
    ax.set_ylabel(runs[0].get("metric") or "dev mAP", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, frameon=False, title="model (one line per seed; * = kept)", title_fontsize=8)
    fig.suptitle("Early stopping: dev-split score during training", fontsize=10)
    return figure_png(fig)


def degradation_by_recipe(rows: list[dict[str, Any]], measure: str, models: list[str] | None = None,
                          confidence: float = 0.95) -> bytes | None:
    """Degradation [CI] per recipe (x) and model/strategy (colour), one panel per dataset, for ``measure``
    (the look of ``robustir.report.plots.degradation_by_recipe``, one figure for the whole study)."""
    sel = [r for r in rows if r["measure"] == measure and (r.get("degradation") or {}).get("mean") is not None]
    if not sel:
        return None
    datasets = list(dict.fromkeys(r["dataset"] for r in sel))
    recipes = list(dict.fromkeys(r["recipe"] for r in sel))
    every = models or list(dict.fromkeys(r["model"] for r in rows))  # the same colour per model in every figure
    shown = [m for m in every if any(r["model"] == m for r in sel)]
    colors = dict(zip(every, _colors(len(every)), strict=False))
    strategy = {r["model"]: r.get("strategy") for r in sel}
    ncols = 1 if len(datasets) == 1 else 2
    nrows = (len(datasets) + ncols - 1) // ncols
    fig = _figure(11.0 if ncols == 2 else 7.5, 1.0 + 2.7 * nrows)
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
    step = 0.8 / max(1, len(shown))
    for k, d in enumerate(datasets):
        ax = axes[k // ncols][k % ncols]
        for j, m in enumerate(shown):
            xs, ys, lo, hi = [], [], [], []
            for r in sel:
                if r["dataset"] != d or r["model"] != m:
                    continue
                mean, below, above = _err(r["degradation"])  # type: ignore[misc]  # sel: mean is set
                xs.append(recipes.index(r["recipe"]) - 0.4 + step * (j + 0.5))
                ys.append(mean)
                lo.append(below)
                hi.append(above)
            if xs:
                label = m if strategy.get(m) in (None, m) else f"{m} [{strategy[m]}]"
                ax.errorbar(xs, ys, yerr=[lo, hi], fmt="o", color=colors[m], ecolor=colors[m], elinewidth=1.4,
                            capsize=3, markersize=4, label=label)
        ax.axhline(0.0, color="0.5", linewidth=0.8, linestyle="--")
        ax.set_xticks(range(len(recipes)))
        ax.set_xticklabels(recipes, rotation=25 if len(recipes) > 4 else 0,
                           ha="right" if len(recipes) > 4 else "center", fontsize=8)
        ax.set_xlim(-0.6, len(recipes) - 0.4)
        ax.set_title(d, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        if k % ncols == 0:
            ax.set_ylabel(f"{measure} degradation", fontsize=9)
    for k in range(len(datasets), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(handles)), fontsize=9,
                   title="model [strategy]", title_fontsize=9, frameon=False)
    fig.suptitle(f"Degradation per recipe (clean − attacked {measure}; higher = less robust), mean with "
                 f"{100 * confidence:.0f}% CI", fontsize=11)
    return figure_png(fig)


def comparison_forest(comparisons: list[dict[str, Any]], measure: str, alpha: float = 0.05) -> bytes | None:
    """The exploratory strategy differences (A − B degradation [CI]) of ``measure`` as a forest plot: a panel
    per pair A vs B, a row per dataset and recipe; filled markers where the Holm-adjusted p <= ``alpha``."""
    sel = [c for c in comparisons if c["measure"] == measure and (c.get("difference") or {}).get("mean") is not None]
    if not sel:
        return None
    pairs = list(dict.fromkeys((c["a"], c["b"]) for c in sel))
    keys = list(dict.fromkeys((c["dataset"], c["recipe"]) for c in sel))
    colors = dict(zip(pairs, _colors(len(pairs)), strict=False))
    fig = _figure(min(13.0, 3.0 + 3.2 * len(pairs)), 1.3 + 0.2 * len(keys))
    axes = fig.subplots(1, len(pairs), squeeze=False, sharey=True)[0]
    for ax, pair in zip(axes, pairs, strict=False):
        ax.axvline(0.0, color="0.4", linewidth=0.8, linestyle="--")
        for c in sel:
            if (c["a"], c["b"]) != pair:
                continue
            y = len(keys) - 1 - keys.index((c["dataset"], c["recipe"]))
            mean, below, above = _err(c["difference"])  # type: ignore[misc]  # a comparison has a mean
            sig = c.get("p_holm") is not None and c["p_holm"] <= alpha
            ax.errorbar([mean], [y], xerr=[[below], [above]], fmt="o",
                        color=colors[pair], ecolor=colors[pair], markersize=4.5 if sig else 4,
                        markerfacecolor=colors[pair] if sig else "white", elinewidth=1.6 if sig else 0.9,
                        capsize=2, alpha=1.0 if sig else 0.75)
        # a rule between datasets
        for i in range(1, len(keys)):
            if keys[i][0] != keys[i - 1][0]:
                ax.axhline(len(keys) - i - 0.5, color="0.8", linewidth=0.6)
        ax.set_title(f"{pair[0]} − {pair[1]}", fontsize=10)
        ax.set_xlabel(f"{measure} degradation difference A − B", fontsize=8)
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelsize=8)
    axes[0].set_yticks(range(len(keys)))
    axes[0].set_yticklabels([f"{d} · {r}" for d, r in reversed(keys)], fontsize=7)
    axes[0].set_ylim(-0.7, len(keys) - 0.3)
    fig.suptitle(f"Exploratory strategy differences (negative: A more robust); filled: Holm p ≤ {alpha:g}",
                 fontsize=10)
    return figure_png(fig)
