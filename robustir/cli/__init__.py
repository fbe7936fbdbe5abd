"""The ``robustir`` command line.

Each sub-module registers its commands on ``app``; they import heavy libraries
(torch, textattack, nlpaug) inside the command bodies only, so that
``robustir --help`` starts fast. Errors meant for the user (``RobustirError``,
``attacks.AttackError``) become one line on stderr and exit code 2; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from robustir.cli import attack as _attack  # noqa: E402,F401

# Register the command groups (each module only imports typer at top level; they take ``app`` from
# robustir.cli.app, so no sub-module imports this package module back).
from robustir.cli import catalog as _catalog  # noqa: E402,F401
from robustir.cli import report as _report  # noqa: E402,F401
from robustir.cli import study as _study  # noqa: E402,F401
from robustir.cli import train as _train  # noqa: E402,F401
from robustir.cli.aliases import NOTES, flush_notes
from robustir.cli.app import _state, app
from robustir.errors import RobustirError


def _user_error(exc: BaseException) -> bool:
    if isinstance(exc, RobustirError):
        return True
    attacks_base = sys.modules.get("robustir.attacks.base")
    return attacks_base is not None and isinstance(exc, attacks_base.AttackError)


def _click_errors() -> tuple[Any, Any, Any]:
    """(usage errors, other click errors, aborts) of click and of the click copy that typer >= 0.2x vendors."""
    import importlib

    mods = []
    for name in ("click.exceptions", "typer._click.exceptions"):
        with contextlib.suppress(ImportError):
            mods.append(importlib.import_module(name))
    def of(name: str) -> tuple[type[BaseException], ...]:
        # click's exception classes (modules imported by name, so typed Any)
        return tuple(getattr(m, name) for m in mods if isinstance(getattr(m, name, None), type))

    # Any: the caught exceptions are used as click's (format_message, exit_code), whichever copy raised them
    return of("UsageError"), of("ClickException"), of("Abort")


def _say(line: str) -> None:
    """One line on stderr, whatever it holds: lone surrogates (from undecodable arguments or file
    names) are written as escapes instead of failing the error report itself."""
    line = " ".join(part.strip() for part in line.splitlines() if part.strip()) or line
    print(line.encode("utf-8", "backslashreplace").decode("utf-8"), file=sys.stderr)


def _command() -> Any:
    """The click command of ``app``, with boolean flags shown as flags: typer prints a ``<bool>``
    placeholder after every option, which reads as if ``--quick`` wanted a value."""
    import typer.main

    cmd = typer.main.get_command(app)
    todo = [cmd]
    while todo:
        c = todo.pop()
        todo.extend(getattr(c, "commands", {}).values())
        for p in c.params:
            if getattr(p, "is_flag", False):
                p.metavar = " "
        # click makes --help per call, outside c.params
        c.get_help_option = _flag_help(c.get_help_option)  # type: ignore[method-assign]
    return cmd


def _flag_help(get_help_option: Any) -> Any:
    """``Command.get_help_option`` whose ``--help`` is shown as a flag, like the others."""
    def wrapped(ctx: Any) -> Any:
        option = get_help_option(ctx)
        if option is not None:
            option.metavar = " "
        return option
    return wrapped


def _debug_first(args: list[str]) -> list[str]:
    """``--debug`` is a root option; accept it anywhere on the line (``robustir attack ... --debug``)
    by moving it in front of the subcommand. Arguments after ``--`` are left alone."""
    head, sep, tail = (args[:args.index("--")], ["--"], args[args.index("--") + 1:]) if "--" in args \
        else (args, [], [])
    if "--debug" not in head:
        return args
    return ["--debug", *[a for a in head if a != "--debug"], *sep, *tail]


def main() -> None:
    """Console-script entry point."""
    from robustir.quiet import ignore_library_notices

    ignore_library_notices()  # libraries' deprecation notices are not the user's business
    usage, click_error, abort = _click_errors()
    args = _debug_first(sys.argv[1:])
    NOTES.clear()
    try:
        # not standalone: usage errors come here and become one line, like every other error
        code = _command()(args=args, standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
        flush_notes()  # deprecated spellings: said once the command succeeded (an error stays one line)
    except usage as exc:
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `robustir {ctx.info_name} --help`)" if ctx is not None and ctx.parent is not None else ""
        _say(f"robustir: error: {exc.format_message()}{hint}")
        sys.exit(2)
    except click_error as exc:
        _say(f"robustir: error: {exc.format_message()}")
        sys.exit(exc.exit_code)
    except abort:
        _say("robustir: interrupted")
        sys.exit(130)
    except KeyboardInterrupt:
        _say("robustir: interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one place errors are turned into exit codes
        if _state["debug"]:
            raise
        if _user_error(exc):
            _say(f"robustir: error: {exc}")
            sys.exit(2)
        if isinstance(exc, OSError):
            _say(f"robustir: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
            sys.exit(2)
        _say(f"robustir: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        sys.exit(1)
