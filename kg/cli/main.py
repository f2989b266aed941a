"""The `kg` command: thin click commands over the library API.

Every command reports a :class:`~directive_kg.errors.KGError` as one line on stderr with a
non-zero exit; ``--debug`` shows the traceback instead."""

from __future__ import annotations

import json
import sys

import click

from directive_kg.errors import KGError
from directive_kg.kg.cli.output import format_option, store_option


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
    from directive_kg.errors import LoaderError
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
        except Exception as err:  # noqa: BLE001 - one odd file must not stop the others
            if ctx.obj.get("debug"):
                raise
            click.echo(f"error: {path}: unexpected {type(err).__name__}: {err} "
                       "(run with --debug for the traceback)", err=True)
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




@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...], store_dir: str | None) -> None:
    """Load documents (files or folders, recursively) into the embedded store."""
    from rich.progress import Progress

    from directive_kg.kg.store.load import load_paths
    from directive_kg.kg.store.store import Store
    from directive_kg.loaders.reading import iter_files

    files = iter_files(list(paths))
    store = Store.open(store_dir, write=True)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("loading", total=len(files))
        report = load_paths(store, files, progress=lambda _p: bar.advance(task))
    for path, problem in report.failed:
        click.echo(f"error: {problem}", err=True)
        if ctx.obj.get("debug") and path in report.errors:
            click.echo(report.errors[path], err=True)
    click.echo(f"loaded {len(report.loaded)}, replaced {len(report.replaced)}, "
               f"unchanged {len(report.unchanged)}, failed {len(report.failed)}")
    if report.incomplete:
        names = ", ".join(p for p, _w in report.incomplete[:3])
        more = f" and {len(report.incomplete) - 3} more" if len(report.incomplete) > 3 else ""
        click.echo(f"{len(report.incomplete)} of them were read incompletely or name addressees "
                   f"nobody can list ({names}{more}); `kg parse FILE` shows the warnings")
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
def remove(paths: tuple[str, ...], store_dir: str | None) -> None:
    """Take the facts of the given source files out of the store."""
    from directive_kg.kg.store.load import remove_paths
    from directive_kg.kg.store.store import Store

    removed = remove_paths(Store.open(store_dir, write=True), list(paths))
    click.echo(f"removed {len(removed)} of {len(paths)}")
    if len(removed) != len(paths):
        sys.exit(1)


@main.command()
@click.argument("number")
@click.option("--issuer", help="Part of the issuer's name, when the number is ambiguous.")
@click.option("--year", type=int, help="Year, when the number is ambiguous.")
@click.option("--up", "direction", flag_value="up", help="Towards the central resolution.")
@click.option("--down", "direction", flag_value="down", help="Towards the unit plans.")
@store_option
def chain(number: str, issuer: str | None, year: int | None, direction: str | None,
          store_dir: str | None) -> None:
    """Show the implementation chain of an instrument as a tree (both ways by default)."""
    from rich.console import Console
    from rich.tree import Tree

    from directive_kg.kg.answers.chain import build_tree, find_instruments
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir)
    found = find_instruments(store, number, issuer, year)
    console = Console()
    if not found:
        click.echo(f"error: no instrument numbered {number} in the store", err=True)
        sys.exit(1)
    if len(found) > 1:
        click.echo(f"{number} is ambiguous; narrow it with --issuer or --year:", err=True)
        for n in found:
            click.echo(f"  {n.label}", err=True)
        sys.exit(1)
    for d in ([direction] if direction else ["up", "down"]):
        root = build_tree(store, found[0].iri, d)
        tree = Tree(f"[bold]{root.label}[/] ({'carries out' if d == 'up' else 'carried out by'})")
        _add_children(tree, root)
        console.print(tree)


def _add_children(tree, node) -> None:
    from rich.markup import escape

    for child in node.children:
        mark = f" [yellow](inferred: {child.rule})[/]" if child.inferred else ""
        title = f" — {escape(child.title[:80])}" if child.title else ""
        _add_children(tree.add(escape(child.label) + title + mark), child)


@main.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, help="NAME=VALUE, bound as an RDF term.")
@click.option("--update", is_flag=True, help="Allow SPARQL Update (writes to the store).")
@format_option()
@store_option
def sparql(query: str, params: tuple[str, ...], update: bool, fmt: str,
           store_dir: str | None) -> None:
    """Run a SPARQL query (text or a .rq file). Read-only unless --update."""
    from pathlib import Path

    text = Path(query).read_text(encoding="utf-8") if query.endswith(".rq") and \
        Path(query).is_file() else query
    _run_sparql(text, params, update, fmt, store_dir)


@main.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, help="NAME=VALUE, bound as an RDF term.")
@click.option("--engine", type=click.Choice(["oxigraph", "neo4j"]), default="oxigraph",
              show_default=True, help="oxigraph: SPARQL on the store; neo4j: Cypher on Neo4j.")
@format_option()
@store_option
def query(name: str | None, params: tuple[str, ...], engine: str, fmt: str,
          store_dir: str | None) -> None:
    """Run a named query from queries/ (without NAME: list them)."""
    from directive_kg import queries

    ext = ".cypher" if engine == "neo4j" else ".rq"
    if not name:
        for n in queries.available(ext):
            click.echo(f"{n}: {queries.describe(n, ext)}")
        return
    if engine == "neo4j":
        from directive_kg.kg.cli.neo4j import emit_cypher

        return emit_cypher(queries.load(name, ext), params, fmt, named=True)
    _run_sparql(queries.load(name), params, False, fmt, store_dir)


def _run_sparql(text: str, params: tuple[str, ...], update: bool, fmt: str,
                store_dir: str | None) -> None:
    import re as _re

    from directive_kg.errors import QueryError
    from directive_kg.kg.cli.output import emit_rows
    from directive_kg.kg.store.store import Store, parse_param

    body = _re.sub(r"(?m)^\s*#.*$", "", text)
    is_update = bool(_re.search(r"^\s*(?:PREFIX[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|"
                                r"ADD|MOVE|COPY|WITH)\b", body, _re.I))
    bound = dict(parse_param(p) for p in params)
    if is_update:
        if not update:
            raise QueryError("this is a SPARQL Update; pass --update to allow writing")
        if bound:
            raise QueryError("parameters are only supported for queries, not updates")
        store = Store.open(store_dir, write=True)
        store.update(text)
        store.flush()
        click.echo("update applied")
        return
    rows = Store.open(store_dir).query(text, bound)
    emit_rows(rows, fmt)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nq", "nt", "jsonld"]),
              default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File (default stdout).")
@click.option("--with-registry", is_flag=True,
              help="Include the unit registry graph (340k quads; rebuilt from the package anyway).")
@store_option
def export(fmt: str, output: str | None, with_registry: bool, store_dir: str | None) -> None:
    """Export the graph (trig/nq keep one named graph per source document)."""
    from directive_kg.kg.store.export import export_bytes
    from directive_kg.kg.store.store import Store

    data = export_bytes(Store.open(store_dir), fmt, registry=with_registry)
    if output:
        from pathlib import Path

        Path(output).write_bytes(data)
        click.echo(f"wrote {output} ({len(data)} bytes)")
    else:
        sys.stdout.buffer.write(data)


@main.command()
@format_option()
@store_option
def stats(fmt: str, store_dir: str | None) -> None:
    """Counts per class."""
    from directive_kg.kg.cli.output import emit_rows
    from directive_kg.kg.store.load import stats as _stats
    from directive_kg.kg.store.store import Store

    emit_rows(_stats(Store.open(store_dir)), fmt)


@main.command()
@store_option
def validate(store_dir: str | None) -> None:
    """Check the graph against the SHACL shapes and look for citation cycles."""
    from directive_kg.kg.store.store import Store
    from directive_kg.kg.store.validation import validate_store

    problems = validate_store(Store.open(store_dir))
    if not problems:
        click.echo("valid: the graph conforms to the shapes and has no implementation cycles")
        return
    for p in problems:
        click.echo(p)
    click.echo(f"{len(problems)} problem(s)", err=True)
    sys.exit(1)


def _register() -> None:
    from directive_kg.kg.cli.corrections import corrections
    from directive_kg.kg.cli.gaps import gaps, units
    from directive_kg.kg.cli.neo4j import cypher_command, neo4j_group
    from directive_kg.kg.cli.serve import serve
    from directive_kg.kg.cli.viz import viz

    main.add_command(gaps)
    main.add_command(units)
    main.add_command(corrections)
    main.add_command(viz)
    main.add_command(neo4j_group)
    main.add_command(cypher_command)
    main.add_command(serve)


_register()
