"""Document types: Vietnamese names, symbol codes and the English label used in the ontology.

Sources: Decree 30/2020/NĐ-CP Appendix III (state codes) and Party guidance HD 36-HD/VPTW
(Party codes); see ARCHITECTURE.md. One row per type; the first code is the canonical one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import fold


@dataclass(frozen=True)
class DocType:
    code: str  # canonical symbol code, e.g. "KH"; "" when the type has no code (Luật)
    name: str  # Vietnamese name, e.g. "Kế hoạch"
    label_en: str  # ontology class local name, e.g. "Plan"


DOC_TYPES: tuple[DocType, ...] = (
    DocType("NQ", "Nghị quyết", "Resolution"),
    DocType("CT", "Chỉ thị", "Directive"),
    DocType("KL", "Kết luận", "Conclusion"),
    DocType("QĐ", "Quyết định", "Decision"),
    DocType("QĐi", "Quy định", "Regulation"),
    DocType("QC", "Quy chế", "Rules"),
    DocType("KH", "Kế hoạch", "Plan"),
    DocType("CTr", "Chương trình", "Programme"),
    DocType("ĐA", "Đề án", "Scheme"),
    DocType("HD", "Hướng dẫn", "Guidance"),
    DocType("TB", "Thông báo", "Notice"),
    DocType("BC", "Báo cáo", "Report"),
    DocType("CV", "Công văn", "OfficialLetter"),
    DocType("NĐ", "Nghị định", "Decree"),
    DocType("TT", "Thông tư", "Circular"),
    DocType("", "Luật", "Law"),
    DocType("TTr", "Tờ trình", "Submission"),
    DocType("PA", "Phương án", "ActionOption"),
    DocType("DA", "Dự án", "Project"),
)

BY_CODE: dict[str, DocType] = {}
for _t in DOC_TYPES:
    if _t.code and _t.code not in BY_CODE:
        BY_CODE[_t.code] = _t
BY_NAME: dict[str, DocType] = {fold(t.name): t for t in DOC_TYPES}
# Quy định written with the state code QyĐ, and Quyết định's ASCII spelling.
CODE_ALIASES = {"QYĐ": "QĐi", "QĐI": "QĐi", "QD": "QĐ", "QDI": "QĐi", "ND": "NĐ"}
# Canonical spelling of codes whose case matters (upper-cased codes are common in the wild).
_CANON_CASE = {c.upper(): c for c in BY_CODE}
_CANON_CASE.update({"TTG": "TTg", "THU": "ThU", "VPUBND": "VPUBND"})


def canonical_code(code: str) -> str:
    """'CTR' → 'CTr', 'QĐI' → 'QĐi', 'qđ' → 'QĐ'; unknown codes are upper-cased."""
    up = code.upper()
    if up in CODE_ALIASES:
        return CODE_ALIASES[up]
    return _CANON_CASE.get(up, up)


def canonical_issuer_code(code: str) -> str:
    """Issuer groups of a symbol: upper case except the few mixed-case ones (TTg, ThU)."""
    up = code.upper()
    return {"TTG": "TTg", "THU": "ThU"}.get(up, up)


def type_by_code(code: str) -> DocType | None:
    return BY_CODE.get(canonical_code(code))


def type_by_name(name: str) -> DocType | None:
    key = fold(name)
    if key.startswith("chuong trinh"):  # "Chương trình hành động" is a Chương trình
        key = "chuong trinh"
    return BY_NAME.get(key)
