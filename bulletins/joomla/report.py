"""What an import did, in Vietnamese: counts per kind and every row or body
element that was skipped, hidden, converted or removed, with the reason.

Invariant: every decision the import takes about a row or a piece of a body
that a reader of the old site would notice is one line here; the report is
written whole to a file and shown on screen (each section cut to a few lines
unless asked for everything), so an administrator can check the new site
against it.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

KINDS = {
    "categories": "Chuyên mục",
    "k2_categories": "Chuyên mục K2",
    "articles": "Tin bài",
    "k2_items": "Bài K2",
    "pages": "Trang tĩnh",
    "tags": "Thẻ (từ khoá)",
    "weblinks": "Liên kết website",
    "images": "Ảnh đã chép",
    "files": "Tệp tài liệu đã chép",
    "documents": "Văn bản tạo từ tệp",
    "redirects": "Địa chỉ cũ chuyển hướng (301)",
}
ACTIONS = {
    "created": "mới",
    "updated": "cập nhật",
    "existing": "đã có, giữ nguyên",
    "hidden": "không công khai",
    "skipped": "không nhập",
}
SECTIONS = {
    "hidden": "Không công khai trên website cũ: nhập nhưng không hiển thị",
    "skipped": "Không nhập",
    "converted": "Nội dung đã chuyển đổi hoặc lược bỏ",
    "files": "Ảnh và tệp",
    "dates": "Ngày tháng không hợp lệ",
    "repaired": "Chữ lỗi mã hoá đã sửa",
    "not_imported": "Dữ liệu khác của website cũ chưa nhập",
    "next": "Việc cần làm tiếp",
}

# Tables of an old site this import does not bring over, named in the report.
NOT_IMPORTED = [
    ("polls", "Thăm dò ý kiến (nhập lại trong mục Thăm dò ý kiến)"),
    ("poll_data", "Phương án thăm dò ý kiến"),
    ("acepolls_polls", "Thăm dò ý kiến (AcePolls)"),
    ("vvisitcounter", "Bộ đếm truy cập (nhập số tổng trong Thống kê truy cập)"),
    ("vvisit_counter", "Bộ đếm truy cập (nhập số tổng trong Thống kê truy cập)"),
    ("users", "Tài khoản người dùng"),
    ("modules", "Mô-đun"),
    ("banners", "Quảng cáo (banner)"),
    ("banner", "Quảng cáo (banner)"),
    ("contact_details", "Thông tin liên hệ (nhập trong Hồ sơ trang web)"),
    ("newsfeeds", "Nguồn tin RSS"),
    ("jcomments", "Bình luận (JComments)"),
    ("k2_comments", "Bình luận K2"),
    ("content_rating", "Đánh giá bài viết"),
    ("fields_values", "Giá trị trường tuỳ chỉnh"),
    ("phocadownload", "Tệp của Phoca Download"),
    ("phocagallery", "Ảnh của Phoca Gallery"),
    ("jevents_vevent", "Sự kiện (JEvents)"),
]


# What each kind of body note means, for the report.
NOTES = {
    "video": "video {detail} → khung video (giữ liên kết xem video)",
    "embed_link": "khung nhúng {detail} → liên kết",
    "embed_removed": "khung nhúng không có địa chỉ đã bỏ: {detail}",
    "plugin_removed": "thẻ plugin đã bỏ: {detail}",
    "gallery": "thư viện ảnh {{gallery}}{detail} chưa nhập (thẻ đã bỏ)",
    "image_missing": "ảnh không có trong thư mục ảnh, giữ địa chỉ cũ: {detail}",
    "image_outside": "ảnh ngoài thư mục images/, giữ địa chỉ cũ: {detail}",
    "image_refused": "ảnh không chép được (xem mục Ảnh và tệp), giữ địa chỉ cũ: "
    "{detail}",
    "file": "tệp {detail} đã chép, liên kết đã đổi",
    "file_missing": "tệp không tìm thấy, giữ liên kết cũ: {detail}",
    "link_unresolved": "liên kết nội bộ không xác định được trang mới: {detail}",
    "link_hidden": "liên kết tới bài không công khai: {detail}",
    "intro_kept": "phần giới thiệu có định dạng (liên kết, danh sách...) được giữ ở "
    "đầu thân bài",
    "expires": "website cũ gỡ bài này lúc {detail} (UTC); trang mới không tự gỡ",
    "k2_extra_fields": "trường bổ sung của K2 chưa nhập: {detail}",
    "k2_gallery": "thư viện ảnh K2 chưa nhập: {detail}",
    "k2_attachment": "tệp đính kèm K2 {detail} đã chép, thêm vào cuối bài",
    "date": "ngày sai hoặc ngoài khoảng 1900–2200, không dùng: {detail}",
}


@dataclass(frozen=True)
class Line:
    what: str
    text: str


def label(kind: str, ident, title: str = "") -> str:
    """``tin bài #12 «Hội nghị…»``."""
    names = {
        "articles": "tin bài",
        "k2_items": "bài K2",
        "pages": "trang",
        "categories": "chuyên mục",
        "sections": "mục",
        "k2_categories": "chuyên mục K2",
        "weblinks": "liên kết",
        "tags": "thẻ",
    }
    title = (title or "").strip()
    if len(title) > 70:
        title = title[:69] + "…"
    name = f"{names.get(kind, kind)} #{ident}"
    return f"{name} «{title}»" if title else name


class ImportReport:
    def __init__(self, *, backup: str, mode: str):
        self.backup = backup
        self.mode = mode  # chạy thử / nhập / cập nhật
        self.header: list[str] = []
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.sections: dict[str, list[Line]] = defaultdict(list)

    def count(self, kind: str, action: str, n: int = 1) -> None:
        if n:
            self.counts[kind][action] += n

    def add(self, section: str, what: str, text: str) -> None:
        self.sections[section].append(Line(what, text))

    def note(self, what: str, kind: str, detail: str = "") -> None:
        template = NOTES.get(kind, kind + ": {detail}")
        if kind == "date":
            section = "dates"
        elif kind.startswith(("image", "file")):
            section = "files"
        else:
            section = "converted"
        self.add(section, what, template.format(detail=detail))

    def summary(self) -> str:
        """The counts, one line per kind: ``Tin bài: 10 mới, 7 không công khai``."""
        out = []
        for kind, name in KINDS.items():
            counts = self.counts.get(kind)
            if not counts:
                continue
            parts = [
                f"{counts[action]} {word}"
                for action, word in ACTIONS.items()
                if counts[action]
            ]
            out.append(f"{name}: {', '.join(parts)}")
        return "\n".join(out)

    def render(self, *, limit: int | None = None) -> str:
        out = ["BÁO CÁO NHẬP DỮ LIỆU TỪ WEBSITE JOOMLA", ""]
        out.append(f"Bản sao lưu: {self.backup}")
        out.extend(self.header)
        out.append(f"Chế độ: {self.mode}")
        out.append("")
        out.append("== Tổng hợp ==")
        out.extend(self.summary().splitlines())
        for key, title in SECTIONS.items():
            lines = self.sections.get(key)
            if not lines:
                continue
            out.append("")
            out.append(f"== {title} ({len(lines)}) ==")
            shown = lines if limit is None else lines[:limit]
            for line in shown:
                out.append(
                    f"- {line.what}: {line.text}" if line.what else f"- {line.text}"
                )
            if len(shown) < len(lines):
                out.append(
                    f"  ... và {len(lines) - len(shown)} dòng nữa (xem tệp báo cáo)"
                )
        return "\n".join(out) + "\n"


def describe_source(report: ImportReport, source, menu) -> None:
    """What reading repaired, and what the backup holds that is not imported."""
    for table, count in sorted(source.report.repaired.items()):
        report.add("repaired", f"bảng {table}", f"{count} giá trị")
    for table, file, line, column, value in source.report.repaired_examples:
        report.add("repaired", f"{file} dòng {line}", f"{table}.{column}: {value}")
    seen = set()
    for table, name in NOT_IMPORTED:
        if table in seen or not source.has(table):
            continue
        seen.add(table)
        count = source.count(table)
        if count:
            report.add("not_imported", name, f"{count} dòng (bảng {table})")
    published = [item for item in menu.values() if item.published]
    if published:
        report.add(
            "not_imported",
            "Trình đơn",
            f"{len(published)} mục: dùng cho trang tĩnh và địa chỉ cũ; "
            "dựng lại trình đơn chính trong trang quản trị",
        )
    if report.counts.get("documents"):
        report.add(
            "next",
            "",
            "bổ sung số ký hiệu, cơ quan ban hành cho các văn bản mới tạo rồi công bố",
        )
