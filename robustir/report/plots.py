"""Report plots as PNG bytes (matplotlib, Agg backend, no pyplot global state).

- ``degradation_by_recipe``: per dataset, mean degradation per recipe for each
  model/strategy with its CI as error bars, one panel per measure.
- ``degradation_vs_rate``: where one recipe was run at several perturbation
  rates, degradation against the rate, one line per model/strategy, CI bars.

PNG bytes are deterministic (no timestamp or software metadata), so a report
built twice from the same results is byte-identical.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, cast

from robustir.report.extract import ResultLike, records
from robustir.schema import ResultRecord

__all__ = ["degradation_by_recipe", "degradation_vs_rate", "figure_png"]

_DPI = 110


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=_DPI, layout="constrained")


def figure_png(fig: Any) -> bytes:
    """Render a matplotlib Figure to PNG bytes (Agg), without metadata that would change between runs."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None})
    return buf.getvalue()


def _colors(n: int) -> list:
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    return [cmap(i % 10) for i in range(n)]


def _err(block: dict) -> tuple[float, float, float] | None:
    mean, low, high = block.get("mean"), block.get("low"), block.get("high")
    if mean is None:
        return None
    low = mean if low is None else low
    high = mean if high is None else high
    return mean, max(0.0, mean - low), max(0.0, high - mean)


def _recipe_label(data: ResultRecord, with_rate: bool) -> str:
    name = data.provenance.recipe_name
    rate = data.provenance.rate
    return f"{name}\n(rate {rate:g})" if with_rate and rate is not None else name


def _recipe_order(data: ResultRecord) -> tuple:
    """Recipes of one family together, by increasing rate, then by name."""
    p = data.provenance
    return (p.recipe_family_key, p.rate if p.rate is not None else -1.0, p.recipe_name)


def degradation_by_recipe(results: Sequence[ResultLike], measures: Sequence[str] | None = None
                          ) -> list[tuple[str, bytes]]:
    """One PNG per dataset: degradation [CI] per recipe (x) and model/strategy (colour), a panel per measure."""
    recs = records(results)
    out = []
    datasets = list(dict.fromkeys(r.provenance.dataset_name for r in recs))
    for ds in datasets:
        sel = [r for r in recs if r.provenance.dataset_name == ds]
        ms = list(measures) if measures else list(dict.fromkeys(m for r in sel for m in r.measures))
        ms = [m for m in ms if any(m in r.measures for r in sel)]
        if not ms:
            continue
        # A recipe name run at several rates gets the rate in its tick label.
        rates_by_name: dict[str, set] = {}
        for r in sel:
            rates_by_name.setdefault(r.provenance.recipe_name, set()).add(r.provenance.rate)
        recipes = list(dict.fromkeys(_recipe_label(r, len(rates_by_name[r.provenance.recipe_name]) > 1)
                                     for r in sorted(sel, key=_recipe_order)))
        models = list(dict.fromkeys(r.provenance.model_label for r in sel))
        colors = _colors(len(models))
        ncols = min(2, len(ms))
        nrows = (len(ms) + ncols - 1) // ncols
        width = max(6.5, min(13.0, 2.2 + 1.1 * len(recipes) * max(1, len(models)) ** 0.5 * ncols))
        fig = _figure(width, 0.6 + 3.2 * nrows)
        axes = fig.subplots(nrows, ncols, squeeze=False)
        step = 0.8 / max(1, len(models))
        for k, m in enumerate(ms):
            ax = axes[k // ncols][k % ncols]
            for j, model in enumerate(models):
                xs, ys, lo, hi = [], [], [], []
                for r in sel:
                    if r.provenance.model_label != model or m not in r.measures:
                        continue
                    e = _err(r.summary_of(m)["degradation"])
                    if e is None:
                        continue
                    x = recipes.index(_recipe_label(r, len(rates_by_name[r.provenance.recipe_name]) > 1))
                    xs.append(x - 0.4 + step * (j + 0.5))
                    ys.append(e[0])
                    lo.append(e[1])
                    hi.append(e[2])
                if xs:
                    ax.errorbar(xs, ys, yerr=[lo, hi], fmt="o", color=colors[j], ecolor=colors[j], elinewidth=1.6,
                                capsize=4, markersize=6, label=model)
            ax.axhline(0.0, color="0.5", linewidth=0.8, linestyle="--")
            ax.set_xticks(range(len(recipes)))
            ax.set_xticklabels(
                recipes,
                rotation=20 if len(recipes) > 4 else 0,
                ha="right" if len(recipes) > 4 else "center",
                fontsize=9,
            )
            ax.set_xlim(-0.6, len(recipes) - 0.4)
            ax.set_ylabel(f"{m} degradation (clean − attacked)", fontsize=9)
            ax.set_title(m, fontsize=10)
            ax.grid(axis="y", alpha=0.3)
        for k in range(len(ms), nrows * ncols):
            axes[k // ncols][k % ncols].set_visible(False)
        handles, labels_ = axes[0][0].get_legend_handles_labels()
        if handles:
            fig.legend(handles, labels_, loc="outside lower center", ncols=min(3, len(models)), fontsize=9,
                       title="model [strategy]", title_fontsize=9, frameon=False)
        conf = next((r.summary_of(m).get("confidence", 0.95) for r in sel for m in ms if m in r.summaries), 0.95)
        fig.suptitle(f"{ds}: degradation per recipe, mean with {100 * conf:.0f}% bootstrap CI", fontsize=11)
        out.append((f"{ds}: degradation per recipe", figure_png(fig)))
    return out


def degradation_vs_rate(results: Sequence[ResultLike], measure: str | None = None) -> list[tuple[str, bytes]]:
    """One PNG per (dataset, recipe run at 2+ rates): degradation [CI] against the perturbation rate per model.

    Recipes are grouped up to their rate (``extract.recipe_family_key``), so
    ``typo-10`` and ``typo-30`` built from one spec land on one plot.
    """
    groups: dict[tuple[str, str], list[ResultRecord]] = {}
    for r in records(results):
        if r.provenance.rate is None:
            continue
        groups.setdefault((r.provenance.dataset_name, r.provenance.recipe_family_key), []).append(r)
    out = []
    for (ds, _), sel in groups.items():
        if len({r.provenance.rate for r in sel}) < 2:
            continue
        m = measure or sel[0].measures[0]
        sel = [r for r in sel if m in r.measures]
        if not sel:
            continue
        models = list(dict.fromkeys(r.provenance.model_label for r in sel))
        colors = _colors(len(models))
        names = list(dict.fromkeys(r.provenance.recipe_name for r in sel))
        family = str(sel[0].provenance.recipe_family or names[0])
        # every result here has a rate (those without were skipped above)
        all_rates = sorted({cast(float, r.provenance.rate) for r in sel})
        dodge = 0.012 * (all_rates[-1] - all_rates[0])
        fig = _figure(6.8, 4.4)
        ax = fig.subplots()
        for j, model in enumerate(models):
            found = sorted((cast(float, r.provenance.rate), _err(r.summary_of(m)["degradation"]))
                           for r in sel if r.provenance.model_label == model)
            pts = [(x, e) for x, e in found if e is not None]
            if not pts:
                continue
            # Dodge the models sideways a little so that their error bars do not hide one another.
            xs = [x + dodge * (j - (len(models) - 1) / 2) for x, _ in pts]
            ax.errorbar(xs, [e[0] for _, e in pts], yerr=[[e[1] for _, e in pts], [e[2] for _, e in pts]],
                        fmt="-o", color=colors[j], capsize=4, linewidth=1.6, markersize=5, label=model)
        ax.axhline(0.0, color="0.5", linewidth=0.8, linestyle="--")
        ax.set_xlabel("perturbation rate (share of words edited)", fontsize=9)
        ax.set_ylabel(f"{m} degradation (clean − attacked)", fontsize=9)
        ax.grid(alpha=0.3)
        title = ", ".join(names) if len(names) <= 3 else f"{family} ({len(names)} recipes)"
        ax.set_title(f"{ds}: {title}", fontsize=10)
        ax.legend(fontsize=8, title="model [strategy]", title_fontsize=8, frameon=False)
        out.append((f"{ds}: {title}, degradation vs attack strength", figure_png(fig)))
    return out
