"""The fast path of map_text (NFC text, no combining marks) maps offsets exactly like the
per-cluster path it replaces."""

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from directive_kg.loaders.text import _map_clusters, map_text

ALPHABET = list("aăâeêioôơuưyđAĐ \n*#|-–—\u00a0\u200bÐð0123456789/.,;:") + \
    list("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") + ["\u0301", "\u0323", "\r"]


def _same(text: str) -> None:
    lines = (0, *(m.end() for m in re.finditer("\n", text)))
    fast, slow = map_text(text), _map_clusters(text, lines)
    assert fast.text == slow.text
    n = len(fast.text)
    for i in range(n + 1):
        assert fast.line_of(i) == slow.line_of(i)
        for j in range(i, min(n, i + 6) + 1):
            assert fast.span(i, j) == slow.span(i, j)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_fast_and_exact_paths_agree(text):
    _same(text)
    _same(unicodedata.normalize("NFC", text))


def test_seed_offsets(seed_text):
    for text in seed_text.values():
        mt = map_text(text)
        assert isinstance(mt.starts, list | range)  # the fast path was taken
        _same(text[:3000])
