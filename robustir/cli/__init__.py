"""The ``robustir`` command line.

Each sub-module registers its commands on ``app``; they import heavy libraries
(torch, textattack, nlpaug) inside the command bodies only, so that
``robustir --help`` starts fast. Errors meant for the user (``RobustirError``,
``attacks.AttackError``) become one line on stderr and exit code 2; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import sys

import typer

from robustir.errors import RobustirError

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
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors.")) -> None:
    """robustir: robustness of dense retrievers to attacks, across languages."""
    _state["debug"] = debug
    from robustir.env import configure_offline

    configure_offline()


# Register the command groups (each module only imports typer at top level).
from robustir.cli import catalog as _catalog  # noqa: E402,F401
from robustir.cli import attack as _attack  # noqa: E402,F401
from robustir.cli import report as _report  # noqa: E402,F401
from robustir.cli import study as _study  # noqa: E402,F401
from robustir.cli import train as _train  # noqa: E402,F401


def _user_error(exc: BaseException) -> bool:
    if isinstance(exc, RobustirError):
        return True
    attacks_base = sys.modules.get("attacks.base")
    return attacks_base is not None and isinstance(exc, attacks_base.AttackError)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        print("robustir: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one place errors are turned into exit codes
        if _state["debug"]:
            raise
        if _user_error(exc):
            print(f"robustir: error: {exc}", file=sys.stderr)
            sys.exit(2)
        if isinstance(exc, OSError):
            print(f"robustir: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
            sys.exit(2)
        print(f"robustir: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
              file=sys.stderr)
        sys.exit(1)
