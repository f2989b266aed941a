"""Who a duty is addressed to: the subject of a sentence, a heading that names a body, and how an
addressee phrase splits into single units and classes of units.

Vietnamese plans name the addressee in a few fixed ways (Decree 30/2020 layout, and what the
real plans of tests/realdocs show):
- a numbered heading naming the body, its duties in the points or bullets below
  ("1. Sở Giáo dục và Đào tạo" / "a) Chủ trì …"), possibly "Trách nhiệm của …", "Đề nghị …",
  a role after a dash or in brackets ("Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo");
- the subject of the sentence, before its first verb ("Các sở, ban, ngành … xây dựng kế hoạch"),
  after an opening adverbial ("Căn cứ Kế hoạch này, …", "Định kỳ 06 tháng …") or after the verb
  that assigns the duty ("Giao …", "Yêu cầu …", "Đề nghị …", "Khuyến khích …", "UBND tỉnh giao …");
- a lead-in sentence ending in ":" whose subject owns the bullets below it.

All offsets are into the text given (the normalised text, in the new tone style: both keep the
original's length, so evidence maps back exactly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bodies import Context, resolve_body
from .records import Addressee
from .text import clean
from .unit_kinds import unit_kinds

# Words a body's name starts with. Case matters: "Ban Chỉ đạo" is a body, "chỉ đạo" a verb.
_BODY_NOUNS = (
    r"sở|ban|ngành|cơ quan|đơn vị|địa phương|phòng|tổ chức|đoàn thể|doanh nghiệp|cơ sở|"
    r"trung tâm|hội|bộ|tỉnh ủy|thành ủy|đảng ủy|huyện ủy|cấp ủy|chi bộ|xã|phường|huyện|"
    r"ủy ban|uỷ ban|ubnd|đồng chí|phó|chi cục|trường|ngân hàng|hợp tác xã|lực lượng|thành viên|"
    r"đài|báo|viện|tổng công ty|công ty|hiệp hội|cơ quan|trạm|bệnh viện|quỹ|thôn|tổ|ấp|khu phố|"
    r"chủ tịch|thủ trưởng|giám đốc|cán bộ|công chức|chuyên viên|nhà trường|cục|sở, ngành")
HEAD = (
    r"(?:Ủy ban|Uỷ ban|UBND|UBMTTQ|MTTQ|Ủy viên|Uỷ viên|HĐND|Hội đồng|Sở|"
    r"Phòng(?!,?\s+(?:chống|ngừa|tránh))|Ban(?!\s+hành)|BCĐ|BTT|"
    r"Bộ(?!\s+(?:tiêu chí|câu hỏi|chỉ số|công cụ|dữ liệu|tài liệu|luật))|"
    r"Cục|Chi cục|Tổng cục|Vụ(?!\s+việc)|Trung tâm|Văn phòng|Thanh tra|Công an|Viện|"
    r"Trường(?!\s+hợp)|Đài|"
    r"Báo(?!\s+cáo)|Cổng|Tạp chí|Đoàn(?!\s+kết)|Hội(?!\s+(?:nghị|thảo|thi|diễn|viên))|Liên đoàn|"
    r"Liên hiệp|Liên minh|Hiệp hội|Mặt trận|Tỉnh [uủ][ỷy]|Thành [uủ][ỷy]|Huyện [uủ][ỷy]|"
    r"Đảng [uủ][ỷy]|Đảng đoàn|Tỉnh đoàn|Thành đoàn|Kho bạc|Ngân hàng|Bảo hiểm|Chính phủ|"
    r"Thủ tướng|Thường trực|Chủ tịch|Phó [Cc]hủ tịch|Phó [Gg]iám đốc|Thủ trưởng|Trưởng|"
    r"Giám đốc|Lãnh đạo(?!\s*,)|Người đứng đầu|Cán bộ|Chuyên viên|Công chức|Đồng chí|Cơ quan|Đơn vị|"
    r"Doanh nghiệp|Tổng [Cc]ông ty|Công ty|Tổ(?!\s+chức)|Bưu điện|Quỹ|Bệnh viện|Hải quan|"
    r"Cấp [uủ][ỷy]|Chi bộ|Lực lượng|Bộ Chỉ huy|Bộ Tư lệnh|Trạm|Tòa án|Toà án|Chi nhánh|Hạt|"
    r"Điện lực|Cảng vụ|Học viện|"
    rf"(?:[Cc]ác|[Mm]ọi|[Nn]hững)\s+(?i:{_BODY_NOUNS})|cơ quan|đơn vị|đối tượng)(?![\w])")
_HEAD_AT = re.compile(HEAD)

# Verbs that end a subject. Lower case only: in "Ban Chỉ đạo" the capital says it is a name.
_VERBS = (
    "có trách nhiệm", "chịu trách nhiệm", "chủ trì", "chủ động", "phối hợp", "tham mưu",
    "xây dựng", "triển khai", "tổ chức", "thực hiện", "báo cáo", "hướng dẫn", "theo dõi",
    "kiểm tra", "giám sát", "tăng cường", "nghiêm túc", "căn cứ", "rà soát", "tổng hợp",
    "đôn đốc", "ban hành", "quán triệt", "tuyên truyền", "kịp thời", "thường xuyên", "nắm",
    "giúp", "cụ thể hóa", "đẩy mạnh", "chỉ đạo", "duy trì", "đề cao", "phát huy", "là cơ quan",
    "là đơn vị", "là đầu mối", "là lực lượng", "là cầu nối", "làm đầu mối", "theo chức năng",
    "trong phạm vi", "định kỳ", "tham gia", "lãnh đạo", "trực tiếp", "gửi", "nghiên cứu",
    "ưu tiên", "tiên phong", "huy động", "bố trí", "thành lập", "phản ánh", "cung cấp",
    "chuẩn bị", "vận động", "cử", "phát động", "bảo đảm", "đảm bảo", "tích cực", "khẩn trương",
    "cần", "phải", "sẽ", "tiếp tục", "hỗ trợ", "đề xuất", "làm việc",
    "mở thêm", "dẫn dắt", "ứng dụng", "lồng ghép", "hoàn thành", "tiếp nhận", "thông báo",
    "kiến nghị", "điều phối", "hằng năm", "hàng năm", "trên cơ sở", "chú trọng", "công bố",
    "phổ biến", "sử dụng", "quyết định", "trình", "thẩm định", "cập nhật", "chỉ huy",
    "phê duyệt", "lập", "tập huấn", "bồi dưỡng", "hoàn thiện", "nâng cao", "thu thập", "vận hành",
    "kết nối", "chia sẻ", "xử lý", "giải quyết", "tập trung", "tổng kết", "sơ kết", "đánh giá",
    "khảo sát", "điều tra", "biểu dương", "nhân rộng", "lựa chọn", "giới thiệu", "cấp phát",
    "phân bổ", "tuân thủ", "quan tâm", "kiện toàn", "tiến hành", "tạo điều kiện",
)
_ASSIGN = ("giao", "yêu cầu", "đề nghị", "khuyến khích", "phân công")
VERB_RX = re.compile(r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, _VERBS + _ASSIGN), key=len,
                                                            reverse=True)) + r")(?![\w])")
# Where a verb word is a noun: "các tổ chức chính trị - xã hội", "việc thực hiện", "được giao".
# ... and "lĩnh vực giám sát", "phụ trách kiểm tra", "công tác kiểm tra", "đối tượng thực hiện": a field
# or a role named by its activity.
_NOUN_BEFORE = re.compile(r"(?:các|những|mọi|việc|được|của|đại diện|lĩnh vực|phụ trách|công tác|"
                          r"đối tượng)\s+$")
# "Ban chỉ đạo", "Tổ kiểm tra", "Đoàn giám sát": after a capitalised body noun the verb is a name.
_NAME_BEFORE = re.compile(r"(?:Ban|Tổ|Đoàn|Trung tâm|Phòng|Hội đồng|Ủy ban|Uỷ ban|Cục|Chi cục|"
                          r"Bộ phận)\s+$")
# "công lập", "thành lập" are not the verb "lập".
_WORD_BEFORE = {"lập": re.compile(r"(?:công|thành|thiết|độc|xác|tự|cô)\s+$")}
_NOUN_AFTER = {
    "tổ chức": re.compile(r"\s*(?:chính trị|thành viên|xã hội|,|và\b|cá nhân|cung cấp|đoàn|đảng|"
                          r"tín dụng|kinh tế|quốc tế|có liên quan|liên quan|hội|phi chính phủ|"
                          r"sự nghiệp|trong|ở|tại|thuộc)"),
}
# Openings before the subject: "Căn cứ Kế hoạch này, …", "Trên cơ sở …, …", "Kết thúc …, …".
_OPENING = re.compile(
    r"(?:Căn cứ|Trên cơ sở|Theo|Để|Nhằm|Sau khi|Kết thúc|Khi|Trong (?:quá trình|thời gian|năm)|"
    r"Ngoài ra|Đồng thời|Bên cạnh đó|Riêng|Đối với|Thực hiện|Từ nay)\b[^,;:]{0,200}?,\s*")
_CYCLE = r"(?:\s+(?:hằng|hàng|mỗi))?(?:\s+0?\d{1,2})?(?:\s+(?:năm|quý|tháng|tuần|ngày))?(?:\s*\([^)]*\))?"
_TIME_OPENING = re.compile(
    rf"(?:Định kỳ|Hằng|Hàng|Mỗi)\b{_CYCLE}"
    r"(?:\s*(?:,|và|hoặc)\s*(?:(?:định kỳ|hằng|hàng|mỗi)\s+)?(?:0?\d{1,2}\s+)?(?:năm|quý|tháng)"
    r"(?:\s*\([^)]*\))?)*\s*,?\s*")
_ASSIGN_AT = re.compile(r"(?:Giao|Yêu cầu|Đề nghị|Khuyến khích|Phân công)\s+(?:cho\s+)?")
_HEADING_INTRO = re.compile(r"^(?:(?:Trách nhiệm|Nhiệm vụ)(?:\s+cụ thể)?\s+của|Đề nghị|Giao|"
                            r"Khuyến khích|Phân công)\s+", re.IGNORECASE)
# A role written after the body: "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo",
# "Sở Tài chính (cơ quan chủ trì)", "Sở Nội vụ là cơ quan thường trực".
_ROLE = re.compile(r"\s*(?:[-–]\s*|\(\s*|,\s*|\s+là\s+)(?:cơ quan|đơn vị|bộ phận)\s+(?:thường trực|"
                   r"chủ trì|đầu mối|tham mưu|chuyên môn|phối hợp)[^()]*\)?\s*$", re.IGNORECASE)
MAX_SUBJECT = 200  # longer, the verb that ends the subject was missed


@dataclass(frozen=True)
class Subject:
    """An addressee phrase as written: ``text`` = the text searched, ``[start:end]``."""

    text: str
    start: int
    end: int


def starts_with_body(text: str) -> bool:
    return _HEAD_AT.match(text) is not None


def _depths(text: str, start: int, end: int) -> list[int]:
    """Bracket and quote depth before each character of ``text[start:end]`` (names in brackets or
    quotes are skipped when looking for the verb)."""
    out, depth = [], 0
    for c in text[start:end]:
        out.append(depth)
        if c in "(“":
            depth += 1
        elif c in ")”":
            depth = max(0, depth - 1)
    out.append(depth)
    return out


def _predicate(text: str, start: int, end: int | None = None) -> re.Match[str] | None:
    """The first verb in ``text[start:end]`` that ends a subject (outside brackets and quotes)."""
    end = len(text) if end is None else end
    depth = _depths(text, start, end)
    for m in VERB_RX.finditer(text, start, end):
        if depth[m.start() - start] > 0:
            continue
        word = m.group(0)
        before = text[max(0, m.start() - 14):m.start()]
        if _NOUN_BEFORE.search(before) or _NAME_BEFORE.search(before):
            continue
        after = _NOUN_AFTER.get(word)
        if after is not None and after.match(text, m.end()):
            continue
        part = _WORD_BEFORE.get(word)
        if part is not None and part.search(before):
            continue
        return m
    return None


def skip_opening(text: str, pos: int = 0, end: int | None = None) -> int:
    """Past the adverbials that may open a sentence before its subject."""
    end = len(text) if end is None else end
    for _ in range(3):
        m = _OPENING.match(text, pos, end) or _TIME_OPENING.match(text, pos, end)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return pos


def subject_of(text: str, start: int = 0, end: int | None = None) -> Subject | None:
    """The subject of the sentence ``text[start:end]``: a body phrase followed by its verb."""
    end = len(text) if end is None else end
    pos = skip_opening(text, start, end)
    m = _ASSIGN_AT.match(text, pos, end)
    if m:
        pos = m.end()
    elif _HEAD_AT.match(text, pos, end):
        # "Ủy ban nhân dân tỉnh giao Giám đốc các sở …": the subject follows the assigning verb
        v = _predicate(text, pos + 1, end)
        if v is not None and v.group(0) in _ASSIGN and v.start() - pos <= 80:
            pos = re.compile(r"\s*").match(text, v.end(), end).end()
    if not _HEAD_AT.match(text, pos, end):
        return None
    verb = _predicate(text, pos + 1, end)
    colon = _colon_before(text, pos, verb.start() if verb else end)
    if colon is not None:
        # "Sở Xây dựng: hướng dẫn …": the name ends at the colon when a duty follows it; in
        # "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền" only names follow (a heading, not a duty)
        if not VERB_RX.search(text[colon + 1:end].lower()):
            return None
        return _phrase(text, pos, colon)
    if verb is None:
        return None
    return _phrase(text, pos, verb.start())


def _colon_before(text: str, start: int, stop: int) -> int | None:
    depth = 0
    for i in range(start, stop):
        c = text[i]
        depth += c == "("
        depth -= c == ")"
        if c == ":" and depth <= 0:
            return i
    return None


def _phrase(text: str, start: int, stop: int) -> Subject | None:
    raw = text[start:stop]
    trimmed = raw.rstrip(" ,;:-–")
    cut = _ROLE.search(trimmed)
    if cut:
        trimmed = trimmed[:cut.start()].rstrip(" ,;:-–")
    if not trimmed or len(trimmed) > MAX_SUBJECT:
        return None
    return Subject(text, start, start + len(trimmed))


_ACRONYM_HEAD = re.compile(r"(?:UBND|HĐND|UBMTTQ)\b")


def heading_subject(text: str, start: int = 0) -> Subject | None:
    """The body a heading names ("Sở Y tế", "Trách nhiệm của đối tượng thực hiện kiểm kê:",
    "Đề nghị Ủy ban MTTQ Việt Nam tỉnh", "Sở Tài chính (cơ quan chủ trì)"), or None for a topic
    heading ("Chế độ báo cáo", "Phương án huy động kinh phí")."""
    pos = start
    m = _HEADING_INTRO.match(text, pos)
    explicit = m is not None and m.group(0).lower().startswith(("trách nhiệm", "nhiệm vụ"))
    if m:
        pos = m.end()
    rest = text[pos:]
    if rest.isupper():
        rest = rest[:1] + rest[1:].lower()  # "1. SỞ NỘI VỤ", "2. ỦY BAN NHÂN DÂN CÁC HUYỆN"
    if not explicit and not starts_with_body(rest) and not _ACRONYM_HEAD.match(text, pos):
        return None
    stop = len(text.rstrip())
    while stop > pos and text[stop - 1] in ":.;":
        stop -= 1
    return _phrase(text, pos, stop)


# --- splitting an addressee phrase ----------------------------------------------------------------

# Unit classes named by addressee phrases (a class expands to the registry's or roster's units).
# Order matters: the first match wins.
UNIT_CLASSES: tuple[tuple[str, str], ...] = (
    (r"(?:ủy ban nhân dân|ubnd)(?: cấp)? (?:các |cấp )?(?:huyện|quận|thị xã)"
     r"|(?:ủy ban nhân dân|ubnd) các (?:huyện|thành phố|thị xã|quận)", "district_people_committees"),
    (r"(?:ủy ban nhân dân|ubnd)(?: cấp)? (?:các |cấp )?(?:xã|phường|thị trấn|đặc khu)",
     "commune_people_committees"),
    (r"đơn vị sự nghiệp", "public_service_units"),
    (r"các sở\b|sở, ban, ngành|sở, ngành|sở ngành|sở, ban ngành|các sở, ban|các ban,\s*ngành",
     "departments"),
    (r"cơ quan chuyên môn", "specialised_agencies"),
    (r"các phòng\b|phòng, ban", "divisions"),
    (r"đoàn thể|tổ chức chính trị\s*-\s*xã hội", "mass_organisations"),
)
_HEAD_OF = re.compile(r"^(?:thủ trưởng|trưởng|chủ tịch|giám đốc|lãnh đạo|người đứng đầu)\s+", re.I)
_AND_HEAD = re.compile(rf"\s+và\s+(?={HEAD})")
_SPLIT_HEAD = re.compile(
    r",\s+(?=(?:Ủy ban|Uỷ ban|UBND|Sở|Phòng|Ban|Trung tâm|Chủ tịch|Thủ trưởng|Văn phòng|Các|các cơ quan|"
    r"các đơn vị|Hội|Đoàn|Liên đoàn|Liên hiệp|Liên minh|Hiệp hội|Công an|Bộ|Mặt trận|Viện|Tỉnh đoàn|"
    r"Báo(?!\s+cáo)|Đài|Cổng|Ngân hàng|Kho bạc|Chi cục|Cục|Thanh tra|Giám đốc|Lãnh đạo)\b)")
# "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông" names units one by one.
_LISTED = re.compile(r"^(?P<pc>(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND))\s+(?:các\s+)?"
                     r"(?P<word>xã|phường|thị trấn|huyện|quận|thị xã|đặc khu)\s*(?::|gồm:?)\s*"
                     r"(?P<names>.+)$", re.IGNORECASE)


_UNIT_CLASSES_RX = tuple((re.compile(pattern), name) for pattern, name in UNIT_CLASSES)


def unit_class(text: str) -> str | None:
    low = clean(text).casefold()
    for pattern, name in _UNIT_CLASSES_RX:
        if pattern.search(low):
            return name
    return None


def split_addressees(phrase: str, ctx: Context) -> list[Addressee]:
    """The units and classes an addressee phrase names, each as written."""
    listed = _LISTED.match(phrase.strip(" ,.:;"))
    if listed:
        names = re.split(r",\s*|\s+và\s+", listed.group("names"))
        word = listed.group("word").lower()
        return [Addressee(n.strip(" .;"), "unit", None,
                          resolve_body(f"Ủy ban nhân dân {word} {n.strip(' .;')}", ctx))
                for n in names if n.strip(" .;")]
    parts: list[str] = []
    for chunk in re.split(r";", phrase):
        for piece in _AND_HEAD.split(chunk):
            parts.extend(_SPLIT_HEAD.split(piece))
    out = []
    for raw in parts:
        written = raw.strip(" ,.:;")
        if len(written) < 3:
            continue
        core = _HEAD_OF.sub("", written)
        cls = unit_class(core)
        if cls:
            parent = None
            m = re.search(r"\bthuộc\s+(.+)$", core)
            if m:
                parent = resolve_body(m.group(1), ctx)
            elif ctx.issuer is not None:
                parent = ctx.issuer
            out.append(Addressee(written, "class", cls, parent, unit_kinds(written, cls)))
        else:
            out.append(Addressee(written, "unit", None, resolve_body(core, ctx)))
    return out


def addressee_phrase(text: str) -> str | None:
    """The words before the first verb, when they name someone ('Sở Nội vụ tham mưu …')."""
    s = subject_of(text)
    return s.text[s.start:s.end] if s else None
