"""The README's command reference names every command and every option, and nothing else; its
exit-code table is the one of directive_kg/errors.py. (A hand-written table checked against the
click commands themselves: simpler than generating the README with cog, and the prose around it
stays free.)"""

from __future__ import annotations

import re

import click

from directive_kg import errors
from directive_kg.kg.cli.main import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, path: tuple[str, ...] = ("kg",)):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*path, name))
        else:
            yield " ".join((*path, name)), cmd


def reference() -> dict[str, str]:
    """`kg chain NUMBER` → its options cell, from the table under '### Reference'."""
    section = README.split("### Reference", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `(kg [^`]+)` \| (.*) \|$", section, re.M)
    return {re.sub(r" [A-Z.]+$", "", name).strip(): options for name, options in rows}


def test_every_command_and_option_is_in_the_reference():
    table = reference()
    found = dict(commands(main))
    assert sorted(table) == sorted(found)  # no command missing, none that does not exist
    for name, cmd in found.items():
        listed = set(re.findall(r"`(-[\w-]+(?:/--[\w-]+)?)", table[name]))
        options = {"/".join(p.opts) for p in cmd.params if isinstance(p, click.Option)}
        assert listed == options, name
        for arg in (p for p in cmd.params if isinstance(p, click.Argument)):
            assert re.search(rf"`{name} {arg.name.upper()}", README), (name, arg.name)
        fmt = next((p for p in cmd.params if p.name == "fmt"), None)
        if fmt is not None:  # the formats too
            assert re.search(r"`--format " + r"\\\|".join(fmt.type.choices) + "`", table[name]), name
    assert {"/".join(p.opts) for p in main.params} == {"--debug", "--version"}
    assert "`kg --debug" in README and "`kg --version`" in README


def test_the_exit_code_table_is_the_one_of_errors_py():
    section = README.split("### Exit codes", 1)[1].split("\n### ", 1)[0]
    codes = [int(c) for c in re.findall(r"^\| (\d+) \|", section, re.M)]
    assert codes == [errors.EXIT_OK, errors.EXIT_PARTIAL, errors.EXIT_USAGE, errors.EXIT_NOT_FOUND,
                     errors.EXIT_BUSY, errors.EXIT_CONNECTION, errors.EXIT_STORE, errors.EXIT_INTERRUPTED]
    assert f"{errors.EXIT_TERMINATED}: terminated (SIGTERM)" in section
