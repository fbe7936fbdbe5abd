"""The typer application every ``robustir`` subcommand registers on, and its root options.

It lives apart from :mod:`robustir.cli` (which imports the subcommand modules to register them)
so that the subcommand modules import it without importing their own package back.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="robustir",
    help="Measure how robust dense retrieval encoders are to adversarial and noisy queries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

_state = {"debug": False}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors, and "
                                     "third-party warnings and progress bars.")) -> None:
    """robustir: robustness of dense retrievers to attacks, across languages."""
    _state["debug"] = debug
    from robustir.env import configure_offline
    from robustir.quiet import quiet_third_party

    configure_offline()
    quiet_third_party(debug)
