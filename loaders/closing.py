"""The closing of a document: who receives it ("Nơi nhận") and who signs, for whom."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line, evidence_of
from .records import Signer
from .text import MappedText

SIGN_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\.?\s+(.+)$")
_RECIPIENTS = re.compile(r"^_*Nơi nhận\s*:?")


@dataclass(frozen=True)
class Closing:
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None


def read_closing(lines: list[Line], mt: MappedText) -> Closing:
    idx = next((i for i, ln in enumerate(lines) if _RECIPIENTS.match(ln.text)), None)
    recipients: list[str] = []
    rest: list[Line]
    if idx is not None:
        j = idx + 1
        while j < len(lines):
            t = lines[j].text.strip("_ ")
            if t.startswith("-"):
                item = t.lstrip("- ").strip().rstrip(";,.")
                if re.match(r"^Lưu\b", item):
                    j += 1
                    break
                recipients.append(item)
            elif not re.match(r"^(Gửi bản|Như trên)", t, re.I) and recipients:
                break
            j += 1
        rest = lines[j:]
    else:
        rest = lines[-6:]
    return Closing(recipients, _signer(rest, mt))


_PERSON_NAME = re.compile(r"[^\W\d_][^\W\d_ ]*(?: [^\W\d_][^\W\d_ ]*){1,5}")


def _signer(block: list[Line], mt: MappedText) -> Signer | None:
    auth: list[str] = []
    positions: list[str] = []
    name = None
    first = None
    for ln in block:
        t = ln.text.strip("_ ")
        m = SIGN_AUTHORITY.match(t)
        if m:
            auth.append(m.group(1) if "/" in m.group(1) else m.group(1) + ".")
            positions.append(t)
            first = first or ln
            continue
        letters = [c for c in t if c.isalpha()]
        if not letters:
            continue
        if all(c.isupper() for c in letters) and len(t) < 60:
            positions.append(t)
            first = first or ln
        elif _PERSON_NAME.fullmatch(t) and \
                all(w[0].isupper() for w in t.split()):
            name = t
            first = first or ln
    if not (auth or name):
        return None
    position = positions[-1] if positions else None
    last = block[-1]
    ev = evidence_of(mt, first.start, last.start + len(last.text)) if first else None
    authority = " ".join(dict.fromkeys(auth)) or None
    return Signer(name, authority, position if position and not SIGN_AUTHORITY.match(position)
                  else (" / ".join(positions) or None), ev)
