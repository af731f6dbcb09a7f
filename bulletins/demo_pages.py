"""Demo pages (Giới thiệu and the pages under it) and their place in the menu.

The text is written for this project about the demo's made-up province; it is not
taken from any real site. Idempotent: pages are keyed on their slug, menu items on
the page they point at.
"""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.models import MenuItem

from .models import Page

INTRODUCTION = (
    "gioi-thieu",
    "Giới thiệu",
    "Đảng bộ Sở Khoa học và Công nghệ tỉnh Hòa Bình An: tổ chức, chức năng và "
    "chặng đường hình thành, phát triển.",
    [
        "<p>Đảng bộ Sở Khoa học và Công nghệ là tổ chức cơ sở đảng trong cơ quan "
        "chuyên môn của Ủy ban nhân dân tỉnh, lãnh đạo cán bộ, công chức, viên chức "
        "thực hiện nhiệm vụ chính trị về khoa học, công nghệ và đổi mới sáng tạo.</p>",
        "<p>Trang này giới thiệu lịch sử, chức năng, nhiệm vụ của Đảng bộ và tổ chức "
        "đảng cấp trên trực tiếp. Mời bạn đọc chọn mục dưới đây.</p>",
    ],
)

CHILDREN = [
    (
        "lich-su-dang-bo",
        "Lịch sử Đảng bộ",
        "Từ một chi bộ với bảy đảng viên đến Đảng bộ có chín chi bộ trực thuộc.",
        [
            "<p>Chi bộ Sở Khoa học và Công nghệ được thành lập khi tỉnh tái lập, với "
            "bảy đảng viên làm việc tại ba phòng chuyên môn. Những năm đầu, chi bộ "
            "tập trung xây dựng nề nếp sinh hoạt và đội ngũ cán bộ làm công tác khoa "
            "học ở địa phương.</p>",
            "<h2>Những mốc chính</h2>",
            "<ul><li><strong>Năm 1992</strong>: thành lập Chi bộ Sở.</li>"
            "<li><strong>Năm 2001</strong>: nâng cấp thành Đảng bộ cơ sở với bốn "
            "chi bộ trực thuộc.</li>"
            "<li><strong>Năm 2015</strong>: Đại hội lần thứ XII xác định chuyển đổi "
            "số là khâu đột phá.</li>"
            "<li><strong>Năm 2025</strong>: Đại hội lần thứ XV, nhiệm kỳ "
            "2025–2030.</li></ul>",
            "<p>Qua các nhiệm kỳ, Đảng bộ nhiều năm liền được công nhận hoàn thành tốt "
            "nhiệm vụ; nhiều đề tài, dự án do đảng viên chủ trì đã được ứng dụng trong "
            "sản xuất nông nghiệp và quản lý nhà nước của tỉnh.</p>",
        ],
    ),
    (
        "chuc-nang-nhiem-vu",
        "Chức năng nhiệm vụ",
        "Đảng bộ lãnh đạo thực hiện nhiệm vụ chính trị, xây dựng tổ chức đảng và "
        "đoàn thể trong sạch, vững mạnh.",
        [
            "<h2>Chức năng</h2>",
            "<p>Đảng bộ là hạt nhân chính trị, lãnh đạo cơ quan thực hiện chức năng "
            "tham mưu cho Ủy ban nhân dân tỉnh quản lý nhà nước về khoa học, công "
            "nghệ, đổi mới sáng tạo, tiêu chuẩn, đo lường, chất lượng và sở hữu trí "
            "tuệ.</p>",
            "<h2>Nhiệm vụ</h2>",
            "<ol><li>Lãnh đạo thực hiện nhiệm vụ chuyên môn của Sở theo nghị quyết của "
            "Đảng bộ và kế hoạch của Ủy ban nhân dân tỉnh.</li>"
            "<li>Giáo dục chính trị tư tưởng, đạo đức, lối sống cho cán bộ, đảng "
            "viên.</li>"
            "<li>Xây dựng tổ chức cơ sở đảng, phát triển đảng viên; kiểm tra, giám "
            "sát việc chấp hành Điều lệ Đảng.</li>"
            "<li>Lãnh đạo Công đoàn, Đoàn Thanh niên và các tổ chức trong cơ quan."
            "</li></ol>",
        ],
    ),
    (
        "dang-bo-cap-tren-co-so",
        "Đảng bộ cấp trên cơ sở",
        "Tổ chức đảng cấp trên trực tiếp và các chi bộ trực thuộc Đảng bộ Sở.",
        [
            "<p>Đảng bộ Sở trực thuộc Đảng bộ Khối các cơ quan tỉnh, chịu sự lãnh "
            "đạo, chỉ đạo trực tiếp của Ban Thường vụ Đảng ủy Khối về công tác xây "
            "dựng Đảng.</p>",
            "<h2>Các chi bộ trực thuộc</h2>",
            '<figure class="table"><table><thead><tr><th scope="col">Chi bộ</th>'
            '<th scope="col">Số đảng viên</th><th scope="col">Bí thư chi bộ</th>'
            '<th scope="col">Ngày sinh hoạt định kỳ</th></tr></thead><tbody>'
            "<tr><td>Chi bộ Văn phòng</td><td>14</td><td>Đ/c Phạm Minh Quang</td>"
            "<td>Ngày 03 hằng tháng</td></tr>"
            "<tr><td>Chi bộ Phòng Quản lý khoa học</td><td>9</td>"
            "<td>Đ/c Lê Hoàng Nam</td><td>Ngày 03 hằng tháng</td></tr>"
            "<tr><td>Chi bộ Chi cục Tiêu chuẩn Đo lường Chất lượng</td><td>12</td>"
            "<td>Đ/c Vũ Đức Long</td><td>Ngày 05 hằng tháng</td></tr>"
            "<tr><td>Chi bộ Trung tâm Ứng dụng tiến bộ khoa học và công nghệ</td>"
            "<td>11</td><td>Đ/c Hoàng Thị Lan</td><td>Ngày 05 hằng tháng</td></tr>"
            "</tbody></table></figure>",
            "<p>Đảng ủy Sở họp thường kỳ mỗi tháng một lần; Ủy ban Kiểm tra Đảng ủy "
            "giúp Đảng ủy kiểm tra, giám sát các chi bộ theo chương trình năm.</p>",
        ],
    ),
]

PUBLISHED = timezone.make_aware(datetime(2025, 1, 15, 8, 0))


def _page(slug, title, lead, body, *, parent=None, order=0):
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        page = Page.objects.create(
            slug=slug,
            title=title,
            lead=lead,
            body="".join(body),
            parent=parent,
            order=order,
            status=Page.Status.PUBLISHED,
            published_at=PUBLISHED,
        )
    return page


def _menu_item(page, *, parent=None, order):
    page_type = ContentType.objects.get_for_model(Page)
    item, _created = MenuItem.objects.get_or_create(
        target_type=page_type,
        target_id=page.pk,
        defaults={"title": page.title, "parent": parent, "order": order, "url": ""},
    )
    return item


def seed(stdout=None):
    introduction = _page(*INTRODUCTION)
    top = _menu_item(introduction, order=5)
    for order, (slug, title, lead, body) in enumerate(CHILDREN, start=1):
        page = _page(slug, title, lead, body, parent=introduction, order=order)
        _menu_item(page, parent=top, order=order * 10)
    if stdout is not None:
        stdout.write(f"bulletins: {Page.objects.count()} pages\n")
