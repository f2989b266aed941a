"""`kg viz`: the implementation chain as an interactive HTML page that works offline."""

from __future__ import annotations

import click

from directive_kg.kg.cli.output import check_output_path, date_option, store_option


@click.command()
@click.option("--instrument", "number", help="Draw this instrument's chain (e.g. 33/CT-TTg).")
@click.option("--year", type=int, help="Plans of this year (with --instrument: disambiguates).")
@click.option("--under", "body", help="Only what bodies under this one issued (as kg gaps --under "
                                      "finds it: a name, a unique part of one, or an IRI).")
@click.option("--depth", type=click.IntRange(min=0), help="At most N links up and down.")
@click.option("--gaps", is_flag=True, help="Mark the units that still owe a plan (red, dashed).")
@date_option("--as-of", "Date the gap status is computed for (default today)")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="kg-viz.html",
              show_default=True, help="HTML file to write (its folder must exist).")
@store_option
def viz(number: str | None, year: int | None, body: str | None, depth: int | None, gaps: bool,
        as_of, output: str, store_dir: str | None) -> None:
    """Draw the chain (central → province → district → commune/unit) as one offline HTML file."""
    from directive_kg.errors import UsageError
    from directive_kg.kg.store.store import Store
    from directive_kg.viz import NODE_LIMIT, build_view, write_view

    check_output_path(output)  # before the work, not after it
    view = build_view(Store.open(store_dir), instrument=number, year=year, under=body, depth=depth,
                      gaps=gaps, as_of=as_of)
    try:
        path = write_view(view, output)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {(err.strerror or str(err)).lower()}") from None
    sel = view.selection
    note = f" (units grouped by parent body to stay under {NODE_LIMIT} nodes)" if view.grouped else ""
    owing = f", {sel.owing_count()} units owing a plan" if gaps else ""
    click.echo(f"wrote {path}: {len(sel.nodes)} nodes, {len(sel.edges)} edges{owing}{note}")
