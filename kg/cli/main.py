"""The `kg` command: thin click commands over the library API.

Every command reports a :class:`~directive_kg.errors.KGError` as one line on stderr with a
non-zero exit; ``--debug`` shows the traceback instead."""

from __future__ import annotations

import json
import sys

import click

from directive_kg.errors import EXIT_INTERRUPTED, EXIT_PARTIAL, KGError
from directive_kg.kg.cli.output import (
    check_output_path,
    console,
    echo_error,
    echo_note,
    emit_json,
    emit_rows,
    format_option,
    query_file_or_text,
    store_option,
    text,
    visible,
    write_output,
)


class KGGroup(click.Group):
    """Every KGError ends the command with one line on stderr and its class's exit code (the table
    in directive_kg/errors.py and the README)."""

    def invoke(self, ctx: click.Context):
        _quiet_driver_logs()
        try:
            return super().invoke(ctx)
        except KGError as err:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            echo_error(str(err))
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.exit(EXIT_INTERRUPTED)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except Exception as err:  # noqa: BLE001 - last line of defence: no traceback for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            echo_error(f"{type(err).__name__}: {err} (run with --debug for details)")
            sys.exit(EXIT_PARTIAL)


def _quiet_driver_logs() -> None:
    """The Neo4j driver logs its retries as warnings ("Unable to retrieve routing information");
    with no handler configured Python prints them on stderr. The command reports a failed
    connection itself, in one line, so those records go nowhere (`kg --debug` shows them)."""
    import logging

    driver = logging.getLogger("neo4j")
    if not driver.handlers:
        driver.addHandler(logging.NullHandler())
    driver.propagate = False


@click.group(cls=KGGroup)
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.version_option(package_name="directive-kg")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """directive-kg: a knowledge graph of Vietnamese policy directives and who implements them."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if debug:
        import logging

        logging.getLogger("neo4j").propagate = True


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
            echo_error(str(err))
            failed += 1
            continue
        except Exception as err:  # noqa: BLE001 - one odd file must not stop the others
            if ctx.obj.get("debug"):
                raise
            echo_error(f"{path}: unexpected {type(err).__name__}: {err} "
                       "(run with --debug for the traceback)")
            failed += 1
            continue
        if fmt == "json":
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
        else:
            _print_document(doc)
    if failed:
        sys.exit(EXIT_PARTIAL)


def _print_document(doc) -> None:
    from rich.table import Table

    out = console()
    head = Table(title=text(doc.source), show_header=False)
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
        head.add_row(text(label), text(value))
    out.print(head)
    cit = _table("role", "number", "date", "issuer", "line")
    for c in doc.citations:
        cit.add_row(*map(text, (c.role, c.number or c.name or "", c.date.isoformat() if c.date else "",
                                c.issuer.name if c.issuer else "", str(c.evidence.line))))
    out.print(cit)
    obl = _table("kind", "addressees", "deadline", "line")
    for o in doc.obligations:
        obl.add_row(*map(text, (o.kind, "; ".join(a.text for a in o.addressees),
                                o.deadline.isoformat() if o.deadline else (o.period or ""),
                                str(o.evidence.line))))
    out.print(obl)


def _table(*headers: str):
    from rich.table import Table

    table = Table()
    for h in headers:
        table.add_column(text(h))
    return table


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(choices=("table", "json"))
@store_option
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...], fmt: str, store_dir: str | None) -> None:
    """Load documents (files or folders, recursively) into the embedded store."""
    from rich.progress import Progress

    from directive_kg.kg.store.load import load_paths
    from directive_kg.kg.store.store import Store
    from directive_kg.loaders.reading import iter_files

    files = iter_files(list(paths))
    store = Store.open(store_dir, write=True)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("loading", total=len(files))
        report = load_paths(store, files, progress=lambda _p: bar.advance(task),
                            stage=lambda step: bar.update(task, description=step))
    for _path, reason in report.skipped:
        echo_note(f"skipped: {reason}", err=True)
    for path, problem in report.failed:
        echo_error(problem)
        if ctx.obj.get("debug") and path in report.errors:
            click.echo(report.errors[path], err=True)
    if fmt == "json":
        emit_json({"loaded": report.loaded, "replaced": report.replaced,
                   "unchanged": report.unchanged,
                   "skipped": [{"file": p, "reason": r} for p, r in report.skipped],
                   "failed": [{"file": p, "problem": e} for p, e in report.failed],
                   "incomplete": [{"file": p, "warnings": list(w)} for p, w in report.incomplete]})
    else:
        click.echo(f"loaded {len(report.loaded)}, replaced {len(report.replaced)}, "
                   f"unchanged {len(report.unchanged)}, skipped {len(report.skipped)}, "
                   f"failed {len(report.failed)}")
        if report.incomplete:
            names = ", ".join(p for p, _w in report.incomplete[:3])
            more = f" and {len(report.incomplete) - 3} more" if len(report.incomplete) > 3 else ""
            click.echo(visible(f"{len(report.incomplete)} of them were read incompletely or name "
                               f"addressees nobody can list ({names}{more}); `kg parse FILE` shows "
                               "the warnings"))
    if not report.ok:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(choices=("table", "json"))
@store_option
def remove(paths: tuple[str, ...], fmt: str, store_dir: str | None) -> None:
    """Take the facts of the given source files out of the store."""
    from directive_kg.kg.store.load import remove_paths
    from directive_kg.kg.store.store import Store

    removed = remove_paths(Store.open(store_dir, write=True), list(paths))
    if fmt == "json":
        emit_json({"removed": removed, "not_in_store": [p for p in paths if p not in removed]})
    else:
        click.echo(f"removed {len(removed)} of {len(paths)}")
    if len(removed) != len(paths):
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("number")
@click.option("--issuer", help="The issuer (a name, part of one, or an IRI), when the number is ambiguous.")
@click.option("--year", type=int, help="Year, when the number is ambiguous.")
@click.option("--up", "direction", flag_value="up", help="Towards the central resolution.")
@click.option("--down", "direction", flag_value="down", help="Towards the unit plans.")
@format_option()
@store_option
def chain(number: str, issuer: str | None, year: int | None, direction: str | None, fmt: str,
          store_dir: str | None) -> None:
    """Show the implementation chain of an instrument as a tree (both ways by default)."""
    from directive_kg.kg.answers.chain import build_tree, resolve_instrument
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir)
    found = resolve_instrument(store, number, issuer, year)
    trees = {d: build_tree(store, found.iri, d) for d in ([direction] if direction else ["up", "down"])}
    if fmt == "json":
        emit_json({d: _tree_dict(root) for d, root in trees.items()})
    elif fmt == "csv":
        rows = []
        for d, root in trees.items():
            rows += _tree_rows(root, d, 0)
        emit_rows(rows, "csv", list(_CHAIN_COLUMNS))
    else:
        from rich.tree import Tree

        for d, root in trees.items():
            tree = Tree(text(f"{root.label} ({'carries out' if d == 'up' else 'carried out by'})"))
            _add_children(tree, root)
            console().print(tree)


_CHAIN_COLUMNS = ("direction", "depth", "number", "symbol", "date", "year", "issuer", "title",
                  "inferred", "rule", "iri")


def _tree_dict(node) -> dict:
    return {"iri": node.iri, "number": node.number, "symbol": node.symbol, "date": node.date,
            "year": node.year, "issuer": node.issuer, "title": node.title,
            "inferred": node.inferred, "rule": node.rule,
            "children": [_tree_dict(c) for c in node.children]}


def _tree_rows(node, direction: str, depth: int) -> list[dict]:
    row = {k: v for k, v in _tree_dict(node).items() if k != "children"}
    out = [dict(row, direction=direction, depth=depth)]
    for child in node.children:
        out += _tree_rows(child, direction, depth + 1)
    return out


def _add_children(tree, node) -> None:
    from rich.text import Text

    for child in node.children:
        label = text(child.label + (f" — {child.title[:80]}" if child.title else ""))
        if child.inferred:
            label.append(Text(f" (inferred: {child.rule})", style="yellow"))
        _add_children(tree.add(label), child)


@main.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, help="NAME=VALUE, bound as an RDF term.")
@click.option("--update", is_flag=True, help="Allow SPARQL Update (writes to the store).")
@format_option()
@store_option
def sparql(query: str, params: tuple[str, ...], update: bool, fmt: str,
           store_dir: str | None) -> None:
    """Run a SPARQL query (text or a .rq file). Read-only unless --update."""
    _run_sparql(query_file_or_text(query, ".rq"), params, update, fmt, store_dir)


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
        known = [{"name": n, "description": queries.describe(n, ext)} for n in queries.available(ext)]
        if fmt == "table":
            for q in known:
                click.echo(f"{q['name']}: {q['description']}")
        else:
            emit_rows(known, fmt)
        return
    if engine == "neo4j":
        from directive_kg.kg.cli.neo4j import emit_cypher

        return emit_cypher(queries.load(name, ext), params, fmt, named=True)
    _run_sparql(queries.load(name), params, False, fmt, store_dir)


def _run_sparql(query_text: str, params: tuple[str, ...], update: bool, fmt: str,
                store_dir: str | None) -> None:
    from directive_kg.kg.answers.sparql import run_sparql
    from directive_kg.kg.store.store import parse_param

    result = run_sparql(store_dir, query_text, dict(parse_param(p) for p in params),
                        allow_update=update)
    if result.updated:
        click.echo("update applied")
    else:
        emit_rows(result.rows, fmt)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nq", "nt", "jsonld"]),
              default="trig", show_default=True, help="RDF serialisation.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File (default stdout).")
@click.option("--with-registry", is_flag=True,
              help="Include the unit registry graph (340k quads; rebuilt from the package anyway).")
@store_option
def export(fmt: str, output: str | None, with_registry: bool, store_dir: str | None) -> None:
    """Export the graph (trig/nq keep one named graph per source document)."""
    from directive_kg.kg.store.export import export_bytes
    from directive_kg.kg.store.store import Store

    if output:
        check_output_path(output)  # before the work, not after it
    data = export_bytes(Store.open(store_dir), fmt, registry=with_registry)
    if output:
        write_output(output, data)
        click.echo(f"wrote {output} ({len(data)} bytes)")
    else:
        sys.stdout.buffer.write(data)


@main.command()
@format_option()
@store_option
def stats(fmt: str, store_dir: str | None) -> None:
    """Counts per class."""
    from directive_kg.kg.store.load import stats as _stats
    from directive_kg.kg.store.store import Store

    emit_rows(_stats(Store.open(store_dir)), fmt)


@main.command()
@format_option()
@store_option
def validate(fmt: str, store_dir: str | None) -> None:
    """Check the graph against the SHACL shapes and look for citation cycles."""
    from dataclasses import asdict

    from directive_kg.kg.store.store import Store
    from directive_kg.kg.store.validation import validate_store

    problems = validate_store(Store.open(store_dir))
    if fmt == "json":
        emit_json({"valid": not problems, "problems": [asdict(p) for p in problems]})
    elif fmt == "csv":
        emit_rows([asdict(p) for p in problems], "csv",
                  ["kind", "focus", "label", "message", "path", "cycle"])
    elif not problems:
        click.echo("valid: the graph conforms to the shapes and has no implementation cycles")
    else:
        for p in problems:
            echo_note(str(p))
        click.echo(f"{len(problems)} problem(s)", err=True)
    if problems:
        sys.exit(EXIT_PARTIAL)


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
