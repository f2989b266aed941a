"""Vietnamese wording for generated plans and reports: programmes, purposes, tasks, closings,
names. Written for this project in the register of the real seeds (samples/corpus); the
obligation sentences are in render.py because their shape decides what the parser extracts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Programme:
    code: str
    theme: str  # what the plans are about, lower case
    central: str  # full citation of the central instrument the province plans implement
    central_numbers: tuple[str, ...]  # printed numbers in ``central`` (for the test)
    province_title: str  # {where} {year}
    report_theme: str


PROGRAMMES = {
    "dvcq": Programme(
        "dvcq", "công tác dân vận chính quyền",
        "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục tăng cường và "
        "đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp trong tình "
        "hình mới",
        ("33/CT-TTg",),
        "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục tăng "
        "cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp "
        "trong tình hình mới trên địa bàn {where} năm {year}",
        "kết quả thực hiện công tác dân vận chính quyền"),
    "qcdc": Programme(
        "qcdc", "công tác thực hiện dân chủ ở cơ sở",
        "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định chi tiết một số điều "
        "của Luật Thực hiện dân chủ ở cơ sở",
        ("59/2023/NĐ-CP",),
        "Triển khai thực hiện Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định chi "
        "tiết một số điều của Luật Thực hiện dân chủ ở cơ sở trên địa bàn {where} năm {year}",
        "kết quả thực hiện dân chủ ở cơ sở"),
    "dvk": Programme(
        "dvk", "phong trào thi đua “Dân vận khéo”",
        "Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư về nâng cao hiệu quả công tác dân "
        "vận của cơ quan nhà nước các cấp",
        ("114-KL/TW",),
        "Thực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư về nâng cao hiệu quả công "
        "tác dân vận của cơ quan nhà nước các cấp và phong trào thi đua “Dân vận khéo” trên địa "
        "bàn {where} năm {year}",
        "kết quả thực hiện phong trào thi đua “Dân vận khéo”"),
    "kl120": Programme(
        "kl120", "việc xây dựng và thực hiện quy chế dân chủ ở cơ sở",
        "Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị về tiếp tục đẩy mạnh, nâng cao chất "
        "lượng, hiệu quả việc xây dựng và thực hiện quy chế dân chủ ở cơ sở",
        ("120-KL/TW",),
        "Thực hiện Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị về tiếp tục đẩy mạnh, "
        "nâng cao chất lượng, hiệu quả việc xây dựng và thực hiện quy chế dân chủ ở cơ sở trên địa "
        "bàn {where} năm {year}",
        "kết quả xây dựng và thực hiện quy chế dân chủ ở cơ sở"),
    "qd23": Programme(
        "qd23", "Quy chế công tác dân vận của hệ thống chính trị",
        "Quyết định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị về việc ban hành Quy chế công tác "
        "dân vận của hệ thống chính trị",
        ("23-QĐ/TW",),
        "Triển khai thực hiện Quyết định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị ban hành Quy "
        "chế công tác dân vận của hệ thống chính trị trên địa bàn {where} năm {year}",
        "kết quả thực hiện Quy chế công tác dân vận của hệ thống chính trị"),
}

# Bases a plan may add to its opening (role based_on): central documents in the catalog.
EXTRA_BASES = (
    "Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng (khóa XI) về tăng "
    "cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
    "Quyết định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị về việc ban hành Quy chế công tác dân "
    "vận của hệ thống chính trị",
    "Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị về tiếp tục đẩy mạnh, nâng cao chất "
    "lượng, hiệu quả việc xây dựng và thực hiện quy chế dân chủ ở cơ sở",
)

PURPOSE_HEADINGS = ("MỤC ĐÍCH, YÊU CẦU", "MỤC ĐÍCH YÊU CẦU", "Mục đích, yêu cầu")
TASK_HEADINGS = ("NHIỆM VỤ, GIẢI PHÁP", "NHIỆM VỤ TRỌNG TÂM", "NỘI DUNG THỰC HIỆN",
                 "Nhiệm vụ và giải pháp", "NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU")
ORG_HEADINGS = ("TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện", "TỔ CHỨC THỰC HIỆN")

PURPOSES = (
    "Quán triệt sâu sắc quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về {theme} "
    "đến cán bộ, công chức, viên chức và người lao động; nâng cao nhận thức, trách nhiệm của người "
    "đứng đầu cơ quan, đơn vị trong tổ chức thực hiện.",
    "Tạo sự chuyển biến tích cực về nhận thức và hành động của đội ngũ cán bộ, công chức, viên chức "
    "đối với {theme}; xây dựng chính quyền trong sạch, vững mạnh, gần dân, vì Nhân dân phục vụ.",
    "Việc triển khai thực hiện phải nghiêm túc, thiết thực, hiệu quả, tránh hình thức; gắn với thực "
    "hiện nhiệm vụ chính trị của từng cơ quan, đơn vị, địa phương.",
    "Phát huy quyền làm chủ của Nhân dân theo phương châm “Dân biết, dân bàn, dân làm, dân kiểm tra, "
    "dân giám sát, dân thụ hưởng”; củng cố vững chắc lòng tin của Nhân dân đối với Đảng và Nhà nước.",
    "Đề cao vai trò, trách nhiệm của người đứng đầu; thường xuyên kiểm tra, đánh giá, kịp thời "
    "biểu dương, khen thưởng các tập thể, cá nhân có thành tích tiêu biểu.",
)

TASKS = (
    ("Tuyên truyền, quán triệt nâng cao nhận thức",
     "Đẩy mạnh công tác tuyên truyền, giáo dục nâng cao nhận thức về ý nghĩa, tầm quan trọng của "
     "{theme}; về vị trí, vai trò, trách nhiệm của cơ quan hành chính nhà nước, chính quyền các "
     "cấp và của cán bộ, công chức, viên chức trong thực hiện nhiệm vụ."),
    ("Đẩy mạnh cải cách hành chính",
     "Tiếp tục đẩy mạnh cải cách hành chính, trọng tâm là cải cách thủ tục hành chính; rà soát, cắt "
     "giảm thủ tục không cần thiết; nâng cao chất lượng phục vụ người dân, doanh nghiệp tại Bộ phận "
     "một cửa; đẩy mạnh ứng dụng công nghệ thông tin và chuyển đổi số."),
    ("Nâng cao đạo đức công vụ",
     "Thực hiện nghiêm các quy định về đạo đức công vụ, văn hóa công sở, quy tắc ứng xử của cán bộ, "
     "công chức, viên chức; xử lý nghiêm những trường hợp có hành vi cửa quyền, sách nhiễu, gây "
     "phiền hà cho Nhân dân."),
    ("Tiếp công dân, giải quyết khiếu nại, tố cáo",
     "Thực hiện tốt công tác tiếp công dân, đối thoại trực tiếp với Nhân dân; giải quyết kịp thời, "
     "dứt điểm đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh ngay từ cơ sở, hạn chế khiếu kiện "
     "đông người, vượt cấp."),
    ("Thực hiện dân chủ ở cơ sở",
     "Thực hiện nghiêm túc Luật Thực hiện dân chủ ở cơ sở; công khai, minh bạch các nội dung theo "
     "quy định để Nhân dân biết, bàn, làm, kiểm tra, giám sát và thụ hưởng."),
    ("Phong trào thi đua “Dân vận khéo”",
     "Tiếp tục thực hiện phong trào thi đua “Dân vận khéo” trên các lĩnh vực kinh tế, văn hóa, xã "
     "hội, quốc phòng, an ninh; xây dựng, nhân rộng các mô hình, điển hình “Dân vận khéo” gắn với "
     "nhiệm vụ chính trị của cơ quan, đơn vị, địa phương."),
    ("Phối hợp với Mặt trận Tổ quốc và các đoàn thể",
     "Tăng cường phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội "
     "trong tuyên truyền, vận động Nhân dân; tạo điều kiện để Mặt trận và các đoàn thể thực hiện tốt "
     "vai trò giám sát, phản biện xã hội."),
    ("Công tác dân vận ở vùng đồng bào dân tộc thiểu số",
     "Quan tâm tuyên truyền, vận động Nhân dân ở vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số, "
     "tôn giáo; chú trọng đổi mới nội dung, hình thức tuyên truyền bảo đảm dễ hiểu, dễ nhớ, dễ thực "
     "hiện."),
    ("Kiểm tra, đánh giá, sơ kết, tổng kết",
     "Tăng cường kiểm tra, giám sát việc thực hiện; định kỳ sơ kết, tổng kết, đánh giá kết quả, "
     "rút kinh nghiệm và kịp thời khen thưởng các tập thể, cá nhân có thành tích xuất sắc."),
)

REPORT_SECTIONS = (
    ("KẾT QUẢ THỰC HIỆN", (
        "Công tác lãnh đạo, chỉ đạo, quán triệt được quan tâm thực hiện thường xuyên; các văn bản "
        "chỉ đạo được ban hành kịp thời, phù hợp với tình hình thực tế.",
        "Công tác tuyên truyền được đẩy mạnh với nhiều hình thức phong phú; đã tổ chức {n} hội nghị, "
        "buổi tuyên truyền với trên {m} lượt người tham dự.",
        "Công tác cải cách hành chính có chuyển biến; tỷ lệ hồ sơ giải quyết đúng hạn đạt {p}%.",
        "Công tác tiếp công dân, giải quyết đơn thư được thực hiện nghiêm túc; đã tiếp {n} lượt công "
        "dân, giải quyết {m} đơn thư thuộc thẩm quyền.",
    )),
    ("ĐÁNH GIÁ CHUNG", (
        "Nhìn chung, việc triển khai thực hiện đạt được nhiều kết quả tích cực, nhận thức của cán bộ, "
        "công chức, viên chức được nâng lên.",
        "Bên cạnh đó vẫn còn một số hạn chế: việc xây dựng mô hình điển hình có nơi còn hình thức; "
        "công tác phối hợp có lúc chưa chặt chẽ.",
    )),
    ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {next_year}", (
        "Tiếp tục quán triệt, triển khai thực hiện nghiêm túc các văn bản chỉ đạo của cấp trên.",
        "Nâng cao chất lượng, hiệu quả, đổi mới nội dung, phương thức thực hiện.",
    )),
    ("ĐỀ XUẤT, KIẾN NGHỊ", (
        "Đề nghị cấp trên quan tâm bố trí kinh phí, tổ chức tập huấn nghiệp vụ cho đội ngũ làm công "
        "tác dân vận ở cơ sở.",
    )),
)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Hà", "Lương", "Triệu", "Nông", "Lò", "Đinh")
MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Hữu", "Ngọc", "Xuân", "Thu", "Hồng",
           "Công", "Anh", "Kim", "Trọng")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Hương", "Lan", "Long", "Mai", "Nam",
         "Phong", "Quân", "Sơn", "Thắng", "Thảo", "Trung", "Tuấn", "Vân", "Yến", "Hòa", "Thủy", "Huệ",
         "Khánh", "Lộc", "Nghĩa", "Tâm")
