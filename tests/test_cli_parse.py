"""`kg parse`: JSON Lines with the documented fields; bad files get one line and exit 1."""

import json

from click.testing import CliRunner

from directive_kg.kg.cli.main import main
from directive_kg.loaders import parse_text
from tests.conftest import SEEDS

FIELDS = {"source", "sha256", "doc_type", "number", "symbol", "issuer", "place", "date", "year",
          "title", "citations", "tasks", "obligations", "recipients", "signer"}


def test_parse_json_lines_and_bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x7fELF\x00\x00\x01")
    r = CliRunner().invoke(main, ["parse", str(empty), str(SEEDS["004"]), str(binary),
                                  str(tmp_path / "missing.txt")])
    assert r.exit_code == 1
    lines = r.output.splitlines()
    docs = [json.loads(x) for x in lines if x.startswith("{")]
    errors = [x for x in lines if x.startswith("error:")]
    assert errors == [f"error: {empty}: empty file",
                      f"error: {binary}: binary file, not text (contains NUL bytes)",
                      f"error: {tmp_path / 'missing.txt'}: no such file"]
    [doc] = docs
    assert FIELDS <= set(doc)
    assert doc["issuer"]["name"] == "Ủy ban nhân dân thành phố Bắc Kạn"
    assert doc["number"] is None and doc["symbol"] == "/KH-UBND" and doc["date"] is None
    assert {c["number"] for c in doc["citations"] if c["role"] == "implements"} == {
        "209-KH/TU", "89/KH-UBND"}
    # 20/11 belongs to Phòng Nội vụ drafting the city's own report: no obligation (issue 13)
    assert {o["deadline"] for o in doc["obligations"]} == {"2024-11-15", None}
    assert doc["signer"] == {"name": "Nguyễn Thị Huệ", "authority": "TM. KT.",
                             "position": "PHÓ CHỦ TỊCH", "evidence": doc["signer"]["evidence"]}


def test_every_evidence_is_an_exact_slice_of_the_original(parsed, seed_text):
    for key, doc in parsed.items():
        text = seed_text[key]
        items = [c.evidence for c in doc.citations] + [o.evidence for o in doc.obligations] + \
            [t.evidence for t in doc.tasks] + list(doc.evidence.values())
        for ev in items:
            assert ev.text == text[ev.start:ev.end] and ev.text == ev.text.strip(), (key, ev)
            assert text.count("\n", 0, ev.start) + 1 == ev.line, (key, ev)


def test_issuer_from_the_signature_block():
    text = ("Số: 12/KH-UBND\nKiên Giang, ngày 05 tháng 02 năm 2024\nKẾ HOẠCH\nVề công tác dân vận\n"
            "I. NHIỆM VỤ\n1. Tuyên truyền.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n")
    doc = parse_text(text, "sig.txt")
    assert doc.issuer.name == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "TM. KT.", "PHÓ CHỦ TỊCH", "Nguyễn Văn A")
