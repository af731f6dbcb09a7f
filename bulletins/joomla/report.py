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
