"""The `kg` command: thin click commands over the library API.

Every command reports a :class:`~directive_kg.kg.errors.KGError` as one line on stderr with a
non-zero exit; ``--debug`` shows the traceback instead."""

from __future__ import annotations

import json
import sys

import click

from directive_kg.kg.errors import KGError
from directive_kg.kg.output import format_option


class KGGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {err}", err=True)
            sys.exit(2)
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(130)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except Exception as err:  # noqa: BLE001 - last line of defence: no traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {type(err).__name__}: {err} (run with --debug for details)",
                       err=True)
            sys.exit(1)


@click.group(cls=KGGroup)
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.version_option(package_name="directive-kg")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """directive-kg: a knowledge graph of Vietnamese policy directives and who implements them."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@format_option(default="json", choices=("json", "table"))
@click.pass_context
def parse(ctx: click.Context, files: tuple[str, ...], fmt: str) -> None:
    """Parse plan documents into evidenced records (JSON Lines, one object per document)."""
    from directive_kg.kg.errors import LoaderError
    from directive_kg.loaders import parse_file
    from directive_kg.loaders.reading import iter_files

    failed = 0
    for path in iter_files(list(files)):
        try:
            doc = parse_file(path)
        except LoaderError as err:
            if ctx.obj.get("debug"):
                raise
            click.echo(f"error: {err}", err=True)
            failed += 1
            continue
        if fmt == "json":
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
        else:
            _print_document(doc)
    if failed:
        sys.exit(1)


def _print_document(doc) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    head = Table(title=doc.source, show_header=False)
    for label, value in (
        ("type", f"{doc.doc_type} ({doc.doc_code})"),
        ("number", doc.number or f"(draft) {doc.symbol or ''}"),
        ("issuer", doc.issuer.name if doc.issuer else None),
        ("place", doc.place.name if doc.place else None),
        ("date", doc.date.isoformat() if doc.date else doc.date_text),
        ("year", doc.year), ("title", doc.title),
        ("signer", f"{doc.signer.authority or ''} {doc.signer.position or ''} {doc.signer.name}"
         if doc.signer else None),
    ):
        head.add_row(label, "" if value is None else str(value))
    console.print(head)
    cit = Table("role", "number", "date", "issuer", "line")
    for c in doc.citations:
        cit.add_row(c.role, c.number or c.name or "", c.date.isoformat() if c.date else "",
                    c.issuer.name if c.issuer else "", str(c.evidence.line))
    console.print(cit)
    obl = Table("kind", "addressees", "deadline", "line")
    for o in doc.obligations:
        obl.add_row(o.kind, "; ".join(a.text for a in o.addressees),
                    o.deadline.isoformat() if o.deadline else (o.period or ""),
                    str(o.evidence.line))
    console.print(obl)
