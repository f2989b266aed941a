"""`kg neo4j push` and `kg cypher`: thin commands over kg/neo4j/push.py and kg/neo4j/query.py.

Connection options default to NEO4J_URI / NEO4J_USER / NEO4J_DATABASE; the password is read
from NEO4J_PASSWORD only, so it never appears in a process list or in output."""

from __future__ import annotations

import sys

import click

from directive_kg.kg.cli.output import format_option, query_file_or_text, store_option


def connection_options(f):
    f = click.option("--database", help="Database (default: $NEO4J_DATABASE or neo4j).")(f)
    f = click.option("--user", help="User (default: $NEO4J_USER or neo4j).")(f)
    f = click.option("--uri", help="Bolt URI (default: $NEO4J_URI or bolt://localhost:7687).")(f)
    return f


@click.group("neo4j")
def neo4j_group() -> None:
    """Project the graph into Neo4j (password from $NEO4J_PASSWORD)."""


@neo4j_group.command("push")
@connection_options
@click.option("--wipe", is_flag=True, help="Delete the projection in Neo4j first, then push all.")
@store_option
def push_command(uri: str | None, user: str | None, database: str | None, wipe: bool,
                 store_dir: str | None) -> None:
    """Push the RDF store into Neo4j; only source documents changed since the last push are
    rewritten."""
    from rich.progress import Progress

    from directive_kg.kg.neo4j.conn import settings_from_env
    from directive_kg.kg.neo4j.push import push
    from directive_kg.kg.store.store import Store

    settings = settings_from_env(uri, user, database)
    store = Store.open(store_dir)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("pushing", total=None)
        report = push(store, settings, wipe_first=wipe,
                      progress=lambda done, total: bar.update(task, completed=done, total=total))
    click.echo(report.summary())


@click.command("cypher")
@click.argument("query")
@click.option("--param", "params", multiple=True,
              help="NAME=VALUE, passed as a Cypher parameter ($NAME): integers and YYYY-MM-DD dates "
                   "are typed, <iri> is the IRI string, else a string.")
@format_option()
@connection_options
def cypher_command(query: str, params: tuple[str, ...], fmt: str, uri: str | None,
                   user: str | None, database: str | None) -> None:
    """Run a read-only Cypher query (text or a .cypher file) against Neo4j."""
    emit_cypher(query_file_or_text(query, ".cypher"), params, fmt, uri, user, database)


def emit_cypher(text: str, params: tuple[str, ...], fmt: str, uri: str | None = None,
                user: str | None = None, database: str | None = None, *, named: bool = False
                ) -> None:
    from directive_kg.kg.cli.output import emit_rows
    from directive_kg.kg.neo4j.conn import settings_from_env
    from directive_kg.kg.neo4j.query import cypher_param, run_cypher

    columns, rows = run_cypher(settings_from_env(uri, user, database), text,
                               dict(cypher_param(p) for p in params), unbound_as_null=named)
    emit_rows(rows, fmt, columns=columns)
