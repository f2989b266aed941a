"""Hostile input: a folder mixing the valid seeds with every kind of bad file. Every valid document
is in the store, every bad one gets one line naming the file and the problem, nothing crashes,
the exit code says that something failed, and `--debug` shows the tracebacks."""

from __future__ import annotations

import os
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_kg.errors import LoaderError
from directive_kg.loaders.formats_docx import docx_text
from directive_kg.loaders.formats_html import html_text
from directive_kg.loaders.formats_pdf import pdf_pages
from directive_kg.loaders.legacy import repair
from directive_kg.loaders.reading import decode, display_name, iter_files, read_source

from .converters import to_docx, to_pdf

KG = [sys.executable, "-c", "from directive_kg.kg.cli.main import main; main()"]
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
DEPTH = 60


def build_hostile(folder: Path, seed_text: dict[str, str]) -> tuple[list[Path], dict[str, str]]:
    """(valid documents, bad file → the problem its error line must name)."""
    folder.mkdir()
    valid: list[Path] = []
    bad: dict[str, str] = {}
    # the seeds, one under a name with spaces and Vietnamese letters, one in NFD, one deep down
    for key, text in seed_text.items():
        valid.append(folder / f"{key}.txt")
        valid[-1].write_text(text, encoding="utf-8")
    named = folder / "Kế hoạch số 80 – Kiên Giang (bản sửa).txt"
    named.write_text(seed_text["003"].replace("Số: /", "Số: 80/", 1), encoding="utf-8")
    valid.append(named)
    deep = folder.joinpath(*[f"cấp {i}" for i in range(DEPTH)])
    deep.mkdir(parents=True)
    (deep / "sâu.txt").write_text(seed_text["004"].replace("Số: /", "Số: 7/", 1), encoding="utf-8")
    valid.append(deep / "sâu.txt")
    valid.append(to_docx(seed_text["000"].replace("Số: /", "Số: 12/", 1), folder / "văn bản.docx"))
    valid.append(to_pdf(seed_text["001"].replace("Số: /", "Số: 3/", 1), folder / "bản in.pdf", folder.parent))

    def add(name: str, data: bytes, problem: str) -> Path:
        path = folder / name
        path.write_bytes(data)
        bad[str(path)] = problem
        return path

    add("rỗng.txt", b"", "empty file")
    add("trắng.txt", b"  \n\t\r\n ", "empty file")
    add("ảnh giả.txt", random.Random(1).randbytes(4096) + b"\x00" * 64, "binary file, not text")
    add("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "an image, not a document: it needs OCR first")
    add("cũ.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Word .doc format")
    pdf = (folder / "bản in.pdf").read_bytes()
    add("cắt cụt.pdf", pdf[: len(pdf) // 2], "damaged or truncated PDF")
    add("không phải.pdf", b"%PDF-1.7\n garbage " * 20, "damaged or truncated PDF")
    docx = (folder / "văn bản.docx").read_bytes()
    add("cắt cụt.docx", docx[: len(docx) // 2], "damaged or truncated .docx")
    add("zip.docx", _zip_without_word(), "not a Word .docx")
    add("dòng dài.txt", ("Kế hoạch " * 40_000).encode("utf-8"), "a line longer than 200,000 characters")
    big = folder / "lớn 50MB.txt"
    with open(big, "wb") as fh:  # a sparse 50 MB file: refused on its size, never read
        fh.truncate(50 * 1024 * 1024)
    bad[str(big)] = "too large for a plan document (50 MB; the limit is 20 MB)"
    # names that are not UTF-8 (Latin-1 bytes from an old system): one valid, one empty
    latin = os.fsdecode(os.fsencode(folder) + b"/c\xf4ng v\xe3n.txt")
    Path(latin).write_text(seed_text["001"].replace("Số: /", "Số: 9/", 1), encoding="utf-8")
    valid.append(Path(latin))
    add(os.fsdecode(b"r\xf6ng.txt"), b"", "empty file")
    # links: a loop between two files, a broken link, a folder link back to the top
    (folder / "vòng a.txt").symlink_to(folder / "vòng b.txt")
    (folder / "vòng b.txt").symlink_to(folder / "vòng a.txt")
    bad[str(folder / "vòng a.txt")] = "cannot read (Too many levels of symbolic links)"
    bad[str(folder / "vòng b.txt")] = "cannot read (Too many levels of symbolic links)"
    (folder / "mất.txt").symlink_to(folder / "không có.txt")
    bad[str(folder / "mất.txt")] = "broken symbolic link"
    (folder / "vòng thư mục").symlink_to(folder, target_is_directory=True)
    # unreadable: a file without permissions (when not root), and a FIFO named .txt (always)
    os.mkfifo(folder / "ống.txt")
    bad[str(folder / "ống.txt")] = "not a regular file (a device, FIFO or socket)"
    if not ROOT_USER:
        locked = add("khóa.txt", seed_text["003"].encode("utf-8"), "permission denied")
        locked.chmod(0)
    return valid, bad


def _zip_without_word() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    return buf.getvalue()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, seed_text):
    folder = tmp_path_factory.mktemp("hostile") / "kho văn bản"
    valid, bad = build_hostile(folder, seed_text)
    yield folder, valid, bad
    for p in folder.rglob("*"):  # give permissions back so that pytest can clean up
        if not p.is_symlink() and p.exists():
            p.chmod(stat.S_IRWXU)


def test_iter_files_walks_loops_and_depth_once(hostile):
    folder, valid, bad = hostile
    files = iter_files([str(folder)])
    assert len(files) == len(set(files))
    assert set(files) == {str(p) for p in valid} | set(bad)  # the folder link added nothing


def test_hostile_corpus_loads_the_valid_and_reports_the_bad(hostile, new_store, tmp_path):
    from directive_kg.kg.store.load import file_label, load_paths

    folder, valid, bad = hostile
    store = new_store(tmp_path / "kg")
    report = load_paths(store, [str(folder)])
    assert sorted(report.loaded) == sorted(str(p) for p in valid)
    assert {path for path, _line in report.failed} == set(bad)
    for path, line in report.failed:  # one line, naming the file, saying the problem
        assert "\n" not in line and line.startswith(f"{display_name(path)}: {bad[path]}")
    for p in valid:
        assert store.source_graph_for(file_label(str(p))) is not None, p


def test_kg_load_cli_on_the_hostile_corpus(hostile, reference_store, tmp_path):
    folder, valid, bad = hostile
    store = tmp_path / "kg"
    shutil.copytree(reference_store, store)
    r = subprocess.run([*KG, "load", "--store", str(store), str(folder)], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 1
    assert r.stdout.strip() == f"loaded {len(valid)}, replaced 0, unchanged 0, skipped 0, failed {len(bad)}"
    lines = r.stderr.strip().split("\n")
    assert len(lines) == len(bad)
    for path, problem in bad.items():
        assert sum(ln.startswith(f"error: {display_name(path)}: {problem}") for ln in lines) == 1, path
    assert f"error: {folder}/r\\xf6ng.txt: empty file" in lines
    assert "Traceback" not in r.stderr
    # --debug: the same lines, each followed by its traceback
    r = subprocess.run([*KG, "--debug", "load", "--store", str(store), str(folder)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert r.stdout.strip() == f"loaded 0, replaced 0, unchanged {len(valid)}, skipped 0, failed {len(bad)}"
    # one traceback per bad file (plus the reader's own exception where it was the cause)
    assert r.stderr.count("directive_kg.errors.LoaderError: ") == len(bad)
    assert r.stderr.count("Traceback (most recent call last)") >= len(bad)


def test_kg_parse_reports_each_bad_file_and_goes_on(hostile):
    folder, valid, bad = hostile
    r = subprocess.run([*KG, "parse", str(folder)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert len(r.stdout.strip().split("\n")) == len(valid)
    assert len(r.stderr.strip().split("\n")) == len(bad)


def test_utf16_without_bom_and_undecodable_bytes(tmp_path):
    text = "Kế hoạch số 80/KH-UBND của Ủy ban nhân dân tỉnh Kiên Giang"
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16-le"))
    assert read_source(tmp_path / "le.txt").text == text
    (tmp_path / "bad16.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8")  # BOM then a lone surrogate
    with pytest.raises(LoaderError, match=r"bad16.txt: invalid utf-16"):
        read_source(tmp_path / "bad16.txt")


def test_a_folder_path_and_a_missing_file(tmp_path):
    with pytest.raises(LoaderError, match=r": is a folder, not a file$"):
        read_source(tmp_path)
    with pytest.raises(LoaderError, match=r"nowhere.txt: no such file$"):
        read_source(tmp_path / "nowhere.txt")


# --- property-based: random bytes to every loader raise LoaderError or nothing ----------------
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_loader_errors(fn, *args) -> None:
    try:
        fn(*args)
    except LoaderError as err:
        assert str(err).startswith("x: ") and "\n" not in str(err)


@PROPERTY
@given(st.binary(max_size=4096))
def test_decode_random_bytes(data):
    _only_loader_errors(decode, data, "x")


@PROPERTY
@given(st.binary(max_size=4096))
def test_docx_random_bytes(data):
    _only_loader_errors(docx_text, data, "x")


@PROPERTY
@given(st.binary(max_size=4096))
def test_pdf_random_bytes(data):
    _only_loader_errors(pdf_pages, data, "x")


@PROPERTY
@given(st.binary(max_size=2048).map(lambda b: b"%PDF-1.4\n" + b))
def test_pdf_random_bytes_after_a_pdf_header(data):
    _only_loader_errors(pdf_pages, data, "x")


@PROPERTY
@given(st.binary(max_size=2048).map(lambda b: b"PK\x03\x04" + b))
def test_docx_random_bytes_after_a_zip_header(data):
    _only_loader_errors(docx_text, data, "x")


@PROPERTY
@given(st.text(max_size=3000))
def test_html_and_legacy_random_text(text):
    html_text(text)  # never raises: the parser is tolerant
    html_text("<table><tr><td>" + text)
    repair(text)


@pytest.fixture(scope="module")
def mutants_dir(tmp_path_factory, seed_text):
    """A real .docx and .pdf to damage: random bytes flipped or cut keep the container shape."""
    folder = tmp_path_factory.mktemp("mutants")
    return (to_docx(seed_text["003"], folder / "a.docx").read_bytes(),
            to_pdf(seed_text["003"], folder / "a.pdf", folder).read_bytes())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_real_files(mutants_dir, tmp_path_factory, data):
    for original, suffix in zip(mutants_dir, (".docx", ".pdf"), strict=True):
        raw = bytearray(original)
        for _ in range(data.draw(st.integers(1, 20))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        cut = data.draw(st.integers(len(raw) // 10, len(raw)))
        path = tmp_path_factory.mktemp("m") / f"damaged{suffix}"
        path.write_bytes(bytes(raw[:cut]))
        try:
            read_source(path)
        except LoaderError as err:
            assert str(err).startswith(str(path)) and "\n" not in str(err)


def test_folders_deeper_than_the_recursion_limit(tmp_path, seed_text):
    folder = tmp_path / "sâu"
    p = folder
    for _ in range(sys.getrecursionlimit() + 200):  # os.walk of Python 3.11 would recurse
        p = p / "d"
        p.mkdir(parents=True)
    try:
        (p / "kế hoạch.txt").write_text(seed_text["003"], encoding="utf-8")
        files = iter_files([str(folder)])
        assert files == [str(p / "kế hoạch.txt")]
        assert read_source(files[0]).text == seed_text["003"]
    finally:  # bottom-up: shutil.rmtree (and so pytest's clean-up) recurses and would fail
        (p / "kế hoạch.txt").unlink(missing_ok=True)
        while p != tmp_path:
            p.rmdir()
            p = p.parent


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".md", ".docx", ".pdf", ".html", ".doc", ".bin"]))
def test_read_source_random_bytes_any_extension(data, suffix):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes(data)
        try:
            src = read_source(path)
        except LoaderError as err:
            assert str(err).startswith(f"{path}: ") and "\n" not in str(err)
        else:
            assert src.text.strip() and src.format in ("text", "docx", "pdf", "html")
