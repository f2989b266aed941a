"""`kg serve`: start the web workspace (kg/web/) on this machine. Only starts it."""

from __future__ import annotations

import click

from directive_kg.kg.cli.output import store_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any address other than loopback needs KG_SERVE_TOKEN.")
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--query-timeout", "seconds", type=float, default=30.0, show_default=True,
              help="Seconds one SPARQL query may run before it is stopped.")
@click.option("--row-limit", "rows", type=int, default=10_000, show_default=True,
              help="Rows (solutions or triples) one SPARQL query may return.")
@click.option("--query-workers", "workers", type=int, default=2, show_default=True,
              help="Processes that run /sparql queries side by side.")
@store_option
def serve(host: str, port: int, seconds: float, rows: int, workers: int, store_dir: str | None) -> None:
    """Serve the gaps dashboard, documents, the chain and a SPARQL endpoint in a browser.

    Read-only: it never writes the store, and it reads a store that `kg load` is writing.
    Binding an address other than 127.0.0.1 requires an access token in the environment
    variable KG_SERVE_TOKEN (never an option, so it does not show in the process list)."""
    from directive_kg.kg.store.store import Store
    from directive_kg.kg.web.server import serve as run
    from directive_kg.kg.web.settings import QueryLimits, settings_for

    settings = settings_for(host, port, store_dir, QueryLimits(seconds, rows), workers)
    Store.open(store_dir)  # no store: say so now, not on every page
    where = f"[{host}]" if ":" in host else host
    click.echo(f"serving {settings.store_folder} on http://{where}:{port}/ (read-only"
               f"{', access token required' if settings.token else ''}); Ctrl-C stops")
    run(settings)
