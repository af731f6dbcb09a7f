"""Demo content of the congress section, written for this project.

Two congresses (XIV, 2020–2025 and XV, 2025–2030, the current one), their
documents with small generated PDF files, personnel with drawn portrait
placeholders, a photo report with captioned drawn photos, a short drawn video
with captions and a recording with its transcript (``demo_media``), a video and
a recording given as links, and citizens' feedback (approved and pending).
Idempotent: rows are keyed on slugs and natural keys; files are only written when
their row is created.
"""

import io
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from bulletins.models import Article
from portal.text import fold

from . import demo_media
from .models import (
    Congress,
    Document,
    DocumentFile,
    DocumentType,
    Feedback,
    FeedbackStatus,
    Issuer,
    Media,
    MediaKind,
    Person,
    PersonPosition,
    PhotoReport,
    PhotoReportImage,
)
from .models.issuers import issuer_key

COMMITTEE = "Đảng bộ Sở Khoa học và Công nghệ"
ISSUER_COMMITTEE = "Đảng ủy Sở Khoa học và Công nghệ"
ISSUER_CONGRESS = "Đại hội Đảng bộ Sở Khoa học và Công nghệ"


def minimal_pdf(text):
    """A valid one-page PDF showing ``text`` (folded to ASCII for the base font)."""
    line = fold(text).replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 14 Tf 56 780 Td ({line}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def portrait_placeholder(seed):
    """A 240×320 neutral silhouette on a soft background."""
    colours = [(214, 226, 240), (236, 224, 210), (220, 234, 220), (232, 220, 232)]
    image = Image.new("RGB", (240, 320), colours[seed % len(colours)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((75, 60, 165, 160), fill=(150, 150, 160))
    draw.ellipse((35, 170, 205, 380), fill=(120, 120, 135))
    return _jpeg(image)


def event_photo(seed, label):
    """An 800×533 drawn "photo": a hall, a red banner, rows of seats."""
    image = Image.new("RGB", (800, 533), (235, 229, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 800, 180), fill=(170, 30 + seed * 12, 30))
    draw.text((40, 70), fold(label)[:60].upper(), fill=(255, 230, 120))
    for row in range(5):
        y = 250 + row * 55
        for col in range(10):
            x = 30 + col * 76 + (row % 2) * 20
            draw.ellipse(
                (x, y, x + 40, y + 40), fill=(60 + row * 20, 60, 80 + seed * 10)
            )
    return _jpeg(image)


CONGRESSES = [
    {
        "slug": "dai-hoi-xiv-nhiem-ky-2020-2025",
        "number": 14,
        "term_start": 2020,
        "term_end": 2025,
        "starts_on": date(2020, 6, 18),
        "ends_on": date(2020, 6, 19),
        "place": "Hội trường Sở Khoa học và Công nghệ, số 18 đường Trần Hưng Đạo",
        "delegates": 96,
        "summary": (
            "<p>Đại hội lần thứ XIV đã đánh giá kết quả thực hiện nghị quyết nhiệm kỳ "
            "trước, xác định mục tiêu đưa khoa học và công nghệ thành động lực phát "
            "triển của tỉnh, bầu Ban Chấp hành Đảng bộ gồm 11 đồng chí.</p>"
        ),
        "is_current": False,
    },
    {
        "slug": "dai-hoi-xv-nhiem-ky-2025-2030",
        "number": 15,
        "term_start": 2025,
        "term_end": 2030,
        "starts_on": date(2025, 5, 22),
        "ends_on": date(2025, 5, 23),
        "place": "Trung tâm Hội nghị tỉnh Hòa Bình An",
        "delegates": 112,
        "summary": (
            "<p>Đại hội lần thứ XV với chủ đề <strong>“Đoàn kết – Đổi mới – Sáng tạo – "
            "Phát triển”</strong> thông qua Nghị quyết nhiệm kỳ 2025–2030, tập trung "
            "chuyển đổi số, đổi mới sáng tạo và xây dựng Đảng bộ trong sạch, vững "
            "mạnh.</p>"
        ),
        "is_current": True,
    },
]

# congress slug or None, slug, type, number, title, abstract, issued, order, open
DOCUMENTS = [
    (
        "dai-hoi-xiv-nhiem-ky-2020-2025",
        "bao-cao-chinh-tri-dai-hoi-xiv",
        DocumentType.POLITICAL_REPORT,
        "01-BC/ĐU",
        "Báo cáo chính trị của Ban Chấp hành Đảng bộ nhiệm kỳ 2015–2020",
        "Đánh giá kết quả lãnh đạo nhiệm kỳ 2015–2020, phương hướng, mục tiêu, nhiệm "
        "vụ nhiệm kỳ 2020–2025.",
        date(2020, 6, 1),
        1,
        False,
    ),
    (
        "dai-hoi-xiv-nhiem-ky-2020-2025",
        "nghi-quyet-dai-hoi-xiv",
        DocumentType.RESOLUTION,
        "02-NQ/ĐH",
        "Nghị quyết Đại hội Đảng bộ Sở lần thứ XIV",
        "Nghị quyết về các chỉ tiêu chủ yếu của nhiệm kỳ 2020–2025.",
        date(2020, 6, 19),
        2,
        False,
    ),
    (
        "dai-hoi-xv-nhiem-ky-2025-2030",
        "ban-kiem-diem-bch-nhiem-ky-xiv",
        DocumentType.REVIEW,
        "05-BC/ĐU",
        "Bản kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành nhiệm kỳ 2020–2025",
        "Ban Chấp hành tự kiểm điểm ưu điểm, hạn chế và bài học kinh nghiệm trong "
        "lãnh đạo, chỉ đạo thực hiện Nghị quyết Đại hội lần thứ XIV.",
        date(2025, 4, 20),
        1,
        False,
    ),
    (
        "dai-hoi-xv-nhiem-ky-2025-2030",
        "du-thao-bao-cao-chinh-tri-dai-hoi-xv",
        DocumentType.DRAFT,
        "42-KH/ĐUK",
        "Dự thảo Báo cáo chính trị trình Đại hội lần thứ XV",
        "Dự thảo lấy ý kiến cán bộ, đảng viên và nhân dân về phương hướng, nhiệm vụ "
        "nhiệm kỳ 2025–2030.",
        date(2025, 3, 10),
        2,
        True,
    ),
    (
        None,
        "ke-hoach-hoc-tap-nghi-quyet-2026",
        DocumentType.PLAN,
        "18-KH/ĐU",
        "Kế hoạch học tập, quán triệt nghị quyết năm 2026",
        "Tổ chức học tập, quán triệt và triển khai các nghị quyết của Trung ương và "
        "của Tỉnh ủy trong toàn Đảng bộ.",
        date(2026, 1, 12),
        0,
        False,
    ),
    (
        None,
        "thong-bao-lich-sinh-hoat-chi-bo-2026",
        DocumentType.NOTICE,
        "07-TB/ĐU",
        "Thông báo lịch sinh hoạt chi bộ định kỳ năm 2026",
        "Các chi bộ trực thuộc sinh hoạt định kỳ vào ngày 03 hằng tháng.",
        date(2026, 1, 5),
        0,
        False,
    ),
]

PEOPLE = {
    "dai-hoi-xiv-nhiem-ky-2020-2025": [
        ("Nguyễn Văn Thành", PersonPosition.SECRETARY, "Giám đốc Sở"),
        ("Trần Thị Thu Hà", PersonPosition.DEPUTY_SECRETARY, "Phó Giám đốc Sở"),
        ("Phạm Minh Quang", PersonPosition.STANDING, "Chánh Văn phòng Sở"),
        ("Lê Hoàng Nam", PersonPosition.EXECUTIVE, "Trưởng phòng Quản lý khoa học"),
    ],
    "dai-hoi-xv-nhiem-ky-2025-2030": [
        ("Trần Thị Thu Hà", PersonPosition.SECRETARY, "Giám đốc Sở"),
        ("Đỗ Quốc Việt", PersonPosition.DEPUTY_SECRETARY, "Phó Giám đốc Sở"),
        ("Lê Thị Minh Hạnh", PersonPosition.DEPUTY_SECRETARY, "Phó Bí thư thường trực"),
        ("Vũ Đức Long", PersonPosition.STANDING, "Chi cục trưởng Chi cục Tiêu chuẩn"),
        ("Hoàng Thị Lan", PersonPosition.EXECUTIVE, "Giám đốc Trung tâm Ứng dụng"),
        ("Bùi Văn Khánh", PersonPosition.INSPECTION, "Chủ nhiệm Ủy ban Kiểm tra"),
    ],
}

PHOTOS = [
    ("Quang cảnh phiên khai mạc Đại hội lần thứ XV.", "Quang cảnh phiên khai mạc"),
    ("Đoàn Chủ tịch điều hành phiên thảo luận văn kiện.", "Đoàn Chủ tịch điều hành"),
    ("Đại biểu biểu quyết thông qua Nghị quyết Đại hội.", "Đại biểu biểu quyết"),
    ("Ban Chấp hành khóa mới ra mắt Đại hội.", "Ban Chấp hành khóa mới"),
]

FEEDBACK = [
    (
        "Nguyễn Thị Mai",
        "mai.nguyen@example.vn",
        "",
        "Phần II, mục 2",
        "Đề nghị bổ sung chỉ tiêu về số doanh nghiệp khoa học và công nghệ được "
        "chứng nhận mới trong nhiệm kỳ.",
        FeedbackStatus.APPROVED,
    ),
    (
        "Trần Quốc Bảo",
        "",
        "0912 345 678",
        "Phần III",
        "Nên nêu rõ lộ trình số hóa hồ sơ thủ tục hành chính của Sở đến năm 2027.",
        FeedbackStatus.APPROVED,
    ),
    (
        "Lê Văn Hùng",
        "hung.le@example.vn",
        "",
        "",
        "Góp ý về cách trình bày bảng số liệu ở phần phụ lục cho dễ theo dõi hơn.",
        FeedbackStatus.PENDING,
    ),
]


def _congresses():
    result = {}
    for row in CONGRESSES:
        values = dict(row, party_committee=COMMITTEE)
        slug = values.pop("slug")
        congress = Congress.objects.filter(slug=slug).first()
        if congress is None:
            if values["is_current"]:
                Congress.objects.filter(is_current=True).update(is_current=False)
            congress = Congress.objects.create(slug=slug, **values)
        result[slug] = congress
    return result


def _documents(congresses, now):
    documents = {}
    for (
        congress_slug,
        slug,
        doc_type,
        number,
        title,
        abstract,
        issued,
        order,
        opened,
    ) in DOCUMENTS:
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            document = Document.objects.create(
                slug=slug,
                doc_type=doc_type,
                number=number,
                title=title,
                abstract=abstract,
                body=f"<p>{abstract}</p><p>Toàn văn xem trong tệp đính kèm.</p>",
                issuing_body=_issuer(
                    ISSUER_CONGRESS
                    if doc_type == DocumentType.RESOLUTION
                    else ISSUER_COMMITTEE
                ),
                issued_on=issued,
                effective_on=issued,
                congress=congresses.get(congress_slug),
                published_at=timezone.make_aware(
                    datetime(issued.year, issued.month, issued.day, 8, 0)
                ),
                order=order,
                comments_open=opened,
                comments_close_at=now + timedelta(days=60) if opened else None,
            )
            DocumentFile.objects.create(
                document=document,
                label=f"Toàn văn {number}",
                file=ContentFile(minimal_pdf(title), name=f"{slug}.pdf"),
            )
        documents[slug] = document
    return documents


def _people(congresses):
    for congress_slug, rows in PEOPLE.items():
        congress = congresses[congress_slug]
        for order, (name, position, detail) in enumerate(rows, start=1):
            if Person.objects.filter(congress=congress, name=name).exists():
                continue
            Person.objects.create(
                congress=congress,
                name=name,
                position=position,
                position_detail=detail,
                order=order,
                photo=ContentFile(portrait_placeholder(order), name="chan-dung.jpg"),
            )


def _photo_report(congress, now):
    report = PhotoReport.objects.filter(slug="khai-mac-dai-hoi-xv").first()
    if report is None:
        report = PhotoReport.objects.create(
            congress=congress,
            slug="khai-mac-dai-hoi-xv",
            title="Phóng sự ảnh: Khai mạc Đại hội Đảng bộ Sở lần thứ XV",
            description="Một số hình ảnh tại phiên khai mạc và phiên bế mạc Đại hội.",
            published_at=timezone.make_aware(datetime(2025, 5, 23, 17, 0)),
        )
        for order, (caption, alt) in enumerate(PHOTOS, start=1):
            PhotoReportImage.objects.create(
                report=report,
                order=order,
                caption=caption,
                alt_text=alt,
                credit="Ban biên tập",
                image=ContentFile(event_photo(order, alt), name="phong-su-anh.jpg"),
            )


MEDIA = [
    # kind, title, file maker (name, bytes) or external link, description
    (
        MediaKind.VIDEO,
        "Toàn cảnh Đại hội Đảng bộ Sở lần thứ XV",
        ("toan-canh-dai-hoi-xv.webm", demo_media.demo_video),
        "Những hình ảnh chính của hai ngày Đại hội, có phụ đề tiếng Việt.",
    ),
    (
        MediaKind.VIDEO,
        "Phóng sự: Đảng bộ Sở chuẩn bị văn kiện Đại hội",
        "https://video.example.gov.vn/dai-hoi-xv-chuan-bi-van-kien",
        "Phóng sự của Đài Phát thanh và Truyền hình tỉnh.",
    ),
    (
        MediaKind.AUDIO,
        "Diễn văn khai mạc Đại hội",
        ("dien-van-khai-mac.wav", demo_media.demo_audio),
        "Bản ghi do Ban biên tập thực hiện tại Đại hội.",
    ),
    (
        MediaKind.AUDIO,
        "Bản tin phát thanh về Đại hội",
        "https://phatthanh.example.gov.vn/dai-hoi-xv-ban-tin",
        "Bản tin của Đài Phát thanh và Truyền hình tỉnh.",
    ),
]

SPEECH = (
    "Kính thưa các đồng chí đại biểu,\n\n"
    "Hôm nay, Đảng bộ Sở Khoa học và Công nghệ long trọng khai mạc Đại hội lần thứ "
    "XV, nhiệm kỳ 2025–2030. Đại hội có nhiệm vụ đánh giá kết quả thực hiện Nghị quyết "
    "nhiệm kỳ qua, quyết định phương hướng cho năm năm tới và bầu Ban Chấp hành khóa "
    "mới.\n\n"
    "Thay mặt Đoàn Chủ tịch, tôi xin tuyên bố khai mạc Đại hội."
)


def _media(congress):
    for order, (kind, title, source, description) in enumerate(MEDIA, start=1):
        if Media.objects.filter(congress=congress, title=title).exists():
            continue
        media = Media(
            congress=congress,
            kind=kind,
            title=title,
            order=order,
            published_at=timezone.make_aware(datetime(2025, 5, 24, 9, 0)),
            description=description,
        )
        if isinstance(source, str):
            media.external_url = source
        else:
            name, make = source
            media.file = ContentFile(make(), name=name)
            if kind == MediaKind.VIDEO:
                media.captions = ContentFile(
                    demo_media.demo_captions(), name="phu-de.vtt"
                )
                media.transcript = demo_media.demo_transcript()
            else:
                media.transcript = SPEECH
        media.save()


def _feedback(document, now):
    for index, (name, email, phone, section, content, status) in enumerate(FEEDBACK):
        Feedback.objects.get_or_create(
            document=document,
            name=name,
            content=content,
            defaults={
                "email": email,
                "phone": phone,
                "section": section,
                "status": status,
                "ip_hash": "",
                "created_at": now - timedelta(days=3 - index),
                "moderated_at": now if status != FeedbackStatus.PENDING else None,
            },
        )


def _link_news(congress):
    articles = list(Article.objects.published().order_by("-published_at")[:4])
    if articles:
        congress.news.add(*articles)


def seed(stdout=None):
    now = timezone.now()
    congresses = _congresses()
    documents = _documents(congresses, now)
    _people(congresses)
    current = congresses["dai-hoi-xv-nhiem-ky-2025-2030"]
    _photo_report(current, now)
    _media(current)
    _feedback(documents["du-thao-bao-cao-chinh-tri-dai-hoi-xv"], now)
    _link_news(current)
    if stdout is not None:
        stdout.write(
            f"congress: {Congress.objects.count()} congresses, "
            f"{Document.objects.count()} documents, {Person.objects.count()} people, "
            f"{Feedback.objects.count()} feedback"
        )


def _issuer(name):
    """The demo's issuing bodies, in the managed list."""
    issuer = Issuer.objects.for_site().filter(key=issuer_key(name)).first()
    return issuer or Issuer.objects.create(name=name)
