"""Demo news for the bulletin site: categories and ~30 articles with photos.

All text is written for this project. Photos are drawn with Pillow (gradients,
shapes and a label), so the demo needs no network and no stock images.
Idempotent: rows are keyed on their slug and photo files on a fixed name.
"""

import io
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from portal.text import fold, vn_slugify

from .models import Article, ArticlePhoto, Category, Tag

CATEGORIES = [
    # slug, name, parent slug, order, on home, description
    ("tin-tuc", "Tin tức", None, 10, True, "Tin hoạt động của Đảng bộ và cơ quan."),
    (
        "hoat-dong-dang-bo",
        "Hoạt động Đảng bộ",
        "tin-tuc",
        11,
        False,
        "Sinh hoạt chi bộ, hội nghị của Đảng ủy, công tác đảng viên.",
    ),
    (
        "khoa-hoc-va-cong-nghe",
        "Khoa học và công nghệ",
        "tin-tuc",
        12,
        False,
        "Nhiệm vụ khoa học, ứng dụng công nghệ, tiêu chuẩn đo lường chất lượng.",
    ),
    (
        "xay-dung-dang",
        "Xây dựng Đảng",
        None,
        20,
        True,
        "Học tập, làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; công tác kiểm tra.",
    ),
    (
        "chuyen-doi-so",
        "Chuyển đổi số",
        None,
        30,
        True,
        "Chuyển đổi số trong hoạt động của Đảng và cơ quan nhà nước.",
    ),
    (
        "chuan-bi-dai-hoi",
        "Chuẩn bị đại hội",
        None,
        40,
        False,
        "Công tác chuẩn bị đại hội đảng bộ các cấp.",
    ),
]

TAGS = [
    "Chi bộ",
    "Đảng viên",
    "Đề tài khoa học",
    "Đo lường",
    "Chuyển đổi số",
    "Đại hội",
]

AUTHORS = ["Ngọc Triều", "Minh Châu", "Thu Hà", "Văn Long", "Hồng Nhung", "Quốc Việt"]
PHOTOGRAPHERS = ["Thiên Dương", "Đức Anh", "Bảo Ngọc", "Hải Đăng"]
COLORS = [
    ((165, 14, 20), (245, 215, 122)),
    ((11, 79, 156), (180, 220, 250)),
    ((20, 110, 60), (210, 240, 200)),
    ((120, 60, 10), (250, 225, 180)),
    ((70, 40, 120), (220, 200, 245)),
    ((15, 100, 110), (200, 240, 240)),
]

# title, category slug, tags, lead, paragraphs, caption of the featured photo
ARTICLES = [
    (
        "Chi bộ Văn phòng sinh hoạt chuyên đề về tác phong, lề lối làm việc",
        "hoat-dong-dang-bo",
        ["Chi bộ", "Đảng viên"],
        "Chi bộ Văn phòng Sở tổ chức sinh hoạt chuyên đề quý III với chủ đề nâng cao "
        "tinh thần trách nhiệm, tác phong và lề lối làm việc của đảng viên.",
        [
            "Buổi sinh hoạt do đồng chí Bí thư Chi bộ chủ trì, 100% đảng viên có mặt.",
            "Các đảng viên thẳng thắn nêu những việc còn chậm, đề ra cách làm để giải quyết "
            "hồ sơ đúng hạn và giữ mối liên hệ với người dân, doanh nghiệp.",
            "Chi bộ thống nhất giao từng đảng viên đăng ký một việc làm cụ thể và báo cáo "
            "kết quả tại kỳ sinh hoạt tháng sau.",
        ],
        "Quang cảnh buổi sinh hoạt chuyên đề của Chi bộ Văn phòng",
    ),
    (
        "Đảng ủy Sở sơ kết công tác 6 tháng đầu năm",
        "hoat-dong-dang-bo",
        ["Đảng viên"],
        "Đảng ủy Sở Khoa học và Công nghệ tổ chức hội nghị sơ kết công tác xây dựng "
        "Đảng 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm.",
        [
            "Trong 6 tháng, Đảng bộ đã lãnh đạo hoàn thành phần lớn chỉ tiêu chuyên môn, "
            "kết nạp hai đảng viên mới và hoàn thành kiểm tra theo chương trình.",
            "Hội nghị chỉ ra những hạn chế trong việc ứng dụng công nghệ thông tin vào "
            "quản lý đảng viên và đề ra giải pháp khắc phục.",
        ],
        "Đồng chí Bí thư Đảng ủy phát biểu kết luận hội nghị",
    ),
    (
        "Kết nạp đảng viên mới tại Chi bộ Trung tâm Kỹ thuật",
        "hoat-dong-dang-bo",
        ["Chi bộ", "Đảng viên"],
        "Chi bộ Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng tổ chức lễ kết nạp "
        "đảng viên mới cho một quần chúng ưu tú.",
        [
            "Tại buổi lễ, đảng viên mới đọc lời tuyên thệ trước cờ Đảng và hứa phấn đấu, "
            "rèn luyện suốt đời vì lý tưởng của Đảng.",
            "Chi bộ phân công đảng viên chính thức giúp đỡ đảng viên mới trong thời gian "
            "dự bị.",
        ],
        "Lễ kết nạp đảng viên mới tại Chi bộ Trung tâm Kỹ thuật",
    ),
    (
        "Nghiệm thu đề tài ứng dụng cảm biến theo dõi độ ẩm đất trồng cam",
        "khoa-hoc-va-cong-nghe",
        ["Đề tài khoa học"],
        "Hội đồng khoa học cấp tỉnh đánh giá đạt loại khá đề tài ứng dụng mạng cảm biến "
        "theo dõi độ ẩm đất phục vụ tưới tiết kiệm cho vùng cam.",
        [
            "Nhóm nghiên cứu đã lắp đặt 40 nút cảm biến trên diện tích 5 ha, dữ liệu được "
            "gửi về điện thoại của nông dân mỗi 15 phút.",
            "Kết quả cho thấy lượng nước tưới giảm khoảng một phần tư so với cách tưới "
            "truyền thống mà năng suất vẫn ổn định.",
            "Hội đồng đề nghị nhóm hoàn thiện tài liệu hướng dẫn để chuyển giao cho các "
            "hợp tác xã.",
        ],
        "Hội đồng khoa học nghe chủ nhiệm đề tài báo cáo kết quả",
    ),
    (
        "Kiểm định phương tiện đo tại các chợ đầu mối",
        "khoa-hoc-va-cong-nghe",
        ["Đo lường"],
        "Chi cục Tiêu chuẩn Đo lường Chất lượng kiểm định miễn phí cân đối chứng và cân "
        "của tiểu thương tại ba chợ đầu mối trong tỉnh.",
        [
            "Đợt kiểm định giúp tiểu thương phát hiện những chiếc cân sai số vượt mức cho "
            "phép để sửa chữa, thay thế.",
            "Cán bộ Chi cục cũng hướng dẫn người dân cách sử dụng cân đối chứng đặt tại "
            "cổng chợ để tự kiểm tra khi mua hàng.",
        ],
        "Cán bộ Chi cục kiểm tra cân của tiểu thương",
    ),
    (
        "Hội thảo về tiêu chuẩn quốc gia cho sản phẩm OCOP",
        "khoa-hoc-va-cong-nghe",
        ["Đo lường"],
        "Sở Khoa học và Công nghệ phối hợp với Văn phòng Điều phối nông thôn mới tổ chức "
        "hội thảo hướng dẫn áp dụng tiêu chuẩn cho sản phẩm OCOP.",
        [
            "Các đại biểu được giới thiệu những tiêu chuẩn quốc gia về ghi nhãn, bao gói và "
            "truy xuất nguồn gốc.",
            "Nhiều chủ thể sản xuất đề nghị được hỗ trợ xây dựng tiêu chuẩn cơ sở cho sản "
            "phẩm của mình.",
        ],
        "Đại biểu trao đổi tại hội thảo",
    ),
    (
        "Chuyển giao quy trình nhân giống nấm dược liệu cho hợp tác xã",
        "khoa-hoc-va-cong-nghe",
        ["Đề tài khoa học"],
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ chuyển giao quy trình nhân "
        "giống và nuôi trồng nấm linh chi cho một hợp tác xã ở huyện miền núi.",
        [
            "Hợp tác xã được tập huấn kỹ thuật pha chế giá thể, cấy giống và chăm sóc.",
            "Sau vụ đầu tiên, hợp tác xã sẽ được hỗ trợ kết nối tiêu thụ sản phẩm.",
        ],
        "Kỹ thuật viên hướng dẫn cấy giống nấm",
    ),
    (
        "Học tập chuyên đề năm về phong cách làm việc khoa học",
        "xay-dung-dang",
        ["Đảng viên"],
        "Đảng bộ Sở tổ chức hội nghị học tập, quán triệt chuyên đề năm về học tập và làm "
        "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        [
            "Báo cáo viên phân tích những bài học về phong cách làm việc khoa học, sâu sát, "
            "gần dân.",
            "Mỗi chi bộ xây dựng kế hoạch làm theo gắn với nhiệm vụ chuyên môn của đơn vị.",
        ],
        "Báo cáo viên truyền đạt chuyên đề tại hội nghị",
    ),
    (
        "Ủy ban Kiểm tra Đảng ủy giám sát chuyên đề tại hai chi bộ",
        "xay-dung-dang",
        ["Chi bộ"],
        "Ủy ban Kiểm tra Đảng ủy Sở tiến hành giám sát chuyên đề việc thực hiện nguyên "
        "tắc tập trung dân chủ tại hai chi bộ trực thuộc.",
        [
            "Đoàn giám sát làm việc với cấp ủy, nghiên cứu sổ nghị quyết và biên bản sinh "
            "hoạt chi bộ.",
            "Qua giám sát, các chi bộ cơ bản thực hiện đúng quy định; một số nghị quyết cần "
            "ngắn gọn, dễ kiểm tra hơn.",
        ],
        "Đoàn giám sát làm việc với Chi bộ",
    ),
    (
        "Bồi dưỡng lý luận chính trị cho đảng viên mới",
        "xay-dung-dang",
        ["Đảng viên"],
        "Đảng ủy phối hợp với Trung tâm Chính trị mở lớp bồi dưỡng lý luận chính trị cho "
        "đảng viên mới của Đảng bộ.",
        [
            "Lớp học gồm các chuyên đề về lịch sử Đảng, Điều lệ Đảng và nhiệm vụ của đảng "
            "viên.",
            "Kết thúc lớp học, các học viên viết bài thu hoạch liên hệ với công việc của "
            "mình.",
        ],
        "Học viên lớp bồi dưỡng lý luận chính trị",
    ),
    (
        "Triển khai sổ tay đảng viên điện tử trong toàn Đảng bộ",
        "chuyen-doi-so",
        ["Chuyển đổi số", "Đảng viên"],
        "Toàn bộ đảng viên của Đảng bộ Sở đã cài đặt và sử dụng sổ tay đảng viên điện tử "
        "để nhận tài liệu sinh hoạt chi bộ.",
        [
            "Tài liệu sinh hoạt được gửi trước cho đảng viên nghiên cứu, giảm in ấn giấy tờ.",
            "Cấp ủy các chi bộ được hướng dẫn cập nhật thông báo và lịch sinh hoạt trên "
            "ứng dụng.",
        ],
        "Đảng viên cài đặt sổ tay đảng viên điện tử",
    ),
    (
        "Số hóa hồ sơ đảng viên: hoàn thành giai đoạn một",
        "chuyen-doi-so",
        ["Chuyển đổi số"],
        "Văn phòng Đảng ủy hoàn thành số hóa hồ sơ của đảng viên đang sinh hoạt tại Đảng "
        "bộ, phục vụ tra cứu nhanh và lưu trữ an toàn.",
        [
            "Mỗi hồ sơ được quét, đặt tên theo quy tắc thống nhất và kiểm tra đối chiếu với "
            "bản giấy.",
            "Giai đoạn hai sẽ kết nối dữ liệu với phần mềm quản lý đảng viên của cấp trên.",
        ],
        "Cán bộ Văn phòng Đảng ủy số hóa hồ sơ",
    ),
    (
        "Hội nghị trực tuyến kết nối các chi bộ",
        "chuyen-doi-so",
        ["Chuyển đổi số", "Chi bộ"],
        "Lần đầu tiên Đảng ủy Sở tổ chức hội nghị trực tuyến kết nối năm điểm cầu của "
        "các chi bộ trực thuộc.",
        [
            "Hội nghị diễn ra thông suốt, tiết kiệm thời gian đi lại cho đảng viên ở các "
            "đơn vị xa trụ sở.",
            "Đảng ủy sẽ duy trì hình thức này cho các hội nghị quán triệt nghị quyết.",
        ],
        "Điểm cầu chính của hội nghị trực tuyến",
    ),
    (
        "Ban hành kế hoạch chuẩn bị đại hội chi bộ nhiệm kỳ mới",
        "chuan-bi-dai-hoi",
        ["Đại hội"],
        "Đảng ủy Sở ban hành kế hoạch lãnh đạo tổ chức đại hội các chi bộ trực thuộc, "
        "tiến tới Đại hội Đảng bộ Sở nhiệm kỳ mới.",
        [
            "Kế hoạch nêu rõ thời gian, nội dung văn kiện và công tác nhân sự của từng chi "
            "bộ.",
            "Chi bộ Văn phòng được chọn tổ chức đại hội điểm để rút kinh nghiệm.",
        ],
        "Hội nghị triển khai kế hoạch đại hội",
    ),
    (
        "Góp ý dự thảo báo cáo chính trị Đại hội Đảng bộ Sở",
        "chuan-bi-dai-hoi",
        ["Đại hội"],
        "Đảng ủy lấy ý kiến đảng viên và quần chúng vào dự thảo báo cáo chính trị trình "
        "Đại hội Đảng bộ Sở.",
        [
            "Ý kiến góp ý được gửi qua chi bộ hoặc trực tiếp trên trang thông tin của Đảng "
            "bộ.",
            "Tổ biên tập văn kiện sẽ tổng hợp, tiếp thu và báo cáo Đảng ủy trước khi hoàn "
            "thiện dự thảo.",
        ],
        "Tổ biên tập văn kiện làm việc",
    ),
]

EXTRA_TITLES = [
    ("Chi bộ Thanh tra sinh hoạt theo chủ đề cải cách hành chính", "hoat-dong-dang-bo"),
    ("Đảng ủy Sở thăm và tặng quà gia đình chính sách", "hoat-dong-dang-bo"),
    ("Trao Huy hiệu 30 năm tuổi Đảng cho đảng viên", "hoat-dong-dang-bo"),
    ("Tập huấn nghiệp vụ công tác văn phòng cấp ủy", "hoat-dong-dang-bo"),
    ("Thẩm định thuyết minh nhiệm vụ khoa học năm tới", "khoa-hoc-va-cong-nghe"),
    (
        "Đánh giá hiệu quả ứng dụng đèn LED trong chiếu sáng công cộng",
        "khoa-hoc-va-cong-nghe",
    ),
    (
        "Cấp giấy chứng nhận đăng ký nhãn hiệu cho gạo nếp địa phương",
        "khoa-hoc-va-cong-nghe",
    ),
    ("Kiểm tra chất lượng xăng dầu tại các cửa hàng bán lẻ", "khoa-hoc-va-cong-nghe"),
    ("Sơ kết việc học tập và làm theo gương Bác ở các chi bộ", "xay-dung-dang"),
    ("Đảng viên nêu gương trong thực hiện nhiệm vụ chuyên môn", "xay-dung-dang"),
    ("Ứng dụng chữ ký số trong văn bản của Đảng ủy", "chuyen-doi-so"),
    ("Tập huấn an toàn thông tin cho cán bộ, đảng viên", "chuyen-doi-so"),
    ("Đại hội điểm Chi bộ Văn phòng thành công tốt đẹp", "chuan-bi-dai-hoi"),
    ("Rà soát quy hoạch cấp ủy chuẩn bị nhân sự đại hội", "chuan-bi-dai-hoi"),
    ("Hội nghị cán bộ, công chức, viên chức năm nay", "tin-tuc"),
]

FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
]

SCHEDULED_TITLE = "Hội nghị quán triệt nghị quyết của Đảng ủy Khối (đăng theo lịch)"
DRAFT_TITLE = "Bản nháp: Kế hoạch tổ chức Tháng thanh niên"


def _font(label):
    """A system font with Vietnamese glyphs, or Pillow's own with folded text."""
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, 36), label[:60]
        except OSError:
            continue
    return ImageFont.load_default(size=36), fold(label)[:60]


def _photo(label, index, size=(1200, 800)):
    """A JPEG drawn with Pillow for the photo ``label``: a gradient and shapes."""
    top, bottom = COLORS[index % len(COLORS)]
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=color)
    for k in range(4):
        x = (index * 97 + k * 260) % width
        r = 60 + (index * 13 + k * 29) % 120
        draw.ellipse(
            [x - r, height // 2 - r, x + r, height // 2 + r], outline="white", width=6
        )
    # A small "illustration" tag, not the caption: the caption is shown once, under
    # the photo, by the page itself.
    font, text = _font("Ảnh minh họa")
    draw.rectangle([0, 0, 330, 64], fill=(0, 0, 0))
    draw.text((20, 12), text, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _stored_photo(name, label, index):
    """Save the drawn photo once under ``demo/`` and return its storage name."""
    path = f"demo/{name}.jpg"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(_photo(label, index)))
    return path


def _body(paragraphs, figure=None):
    html = [f"<p>{p}</p>" for p in paragraphs]
    if figure:
        src, caption = figure
        html.insert(
            1,
            f'<figure class="image"><img src="{src}" alt="{caption}">'
            f"<figcaption>{caption}</figcaption></figure>",
        )
    return "".join(html)


def _seed_categories():
    by_slug = {}
    for slug, name, parent, order, on_home, description in CATEGORIES:
        by_slug[slug], _created = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": by_slug.get(parent),
                "order": order,
                "show_on_home": on_home,
                "description": description,
                "is_active": True,
            },
        )
    return by_slug


def _article_rows():
    rows = list(ARTICLES)
    for title, category in EXTRA_TITLES:
        rows.append(
            (
                title,
                category,
                [],
                f"{title}: tin từ cơ quan Đảng ủy Sở Khoa học và Công nghệ.",
                [
                    "Hoạt động diễn ra trong không khí nghiêm túc, dân chủ, đúng kế hoạch.",
                    "Đảng ủy đề nghị các chi bộ tiếp tục theo dõi, đôn đốc và báo cáo kết quả.",
                ],
                f"Quang cảnh: {title.lower()}",
            )
        )
    return rows


def seed(stdout=None):
    categories = _seed_categories()
    tags = {}
    for name in TAGS:
        tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(
            name=name
        )

    base = timezone.make_aware(datetime(2026, 10, 30, 8, 30))
    rows = _article_rows()
    for index, (title, category, tag_names, lead, paragraphs, caption) in enumerate(
        rows
    ):
        slug = vn_slugify(title)
        figure = None
        if index % 3 == 0:
            inline = _stored_photo(f"{slug}-noi-dung", caption, index + 3)
            figure = (
                f"{settings.MEDIA_URL}{inline}",
                f"{caption} (ảnh trong bài)",
            )
        defaults = {
            "title": title,
            "category": categories[category],
            "lead": lead,
            "body": _body(paragraphs, figure),
            "authors": AUTHORS[index % len(AUTHORS)],
            "photographer": PHOTOGRAPHERS[index % len(PHOTOGRAPHERS)]
            if index % 2 == 0
            else "",
            "status": Article.Status.PUBLISHED,
            "published_at": base - timedelta(days=index, hours=(index * 5) % 9),
            "is_featured": index in (0, 3, 7, 10),
            "featured_image": _stored_photo(slug, caption, index),
            "featured_image_alt": caption,
            "featured_image_caption": caption,
            "featured_image_credit": PHOTOGRAPHERS[index % len(PHOTOGRAPHERS)],
        }
        if index == 3:
            defaults["source_line"] = (
                "Đăng trên Bản tin Khoa học và Công nghệ của Sở, số 3 năm 2026"
            )
            defaults["issue_label"] = "số 3-2026"
        article, _created = Article.objects.update_or_create(
            slug=slug, defaults=defaults
        )
        article.tags.set([tags[name] for name in tag_names])
        if index in (0, 3):
            for order in (1, 2):
                photo_name = _stored_photo(
                    f"{slug}-anh-{order}", caption, index + order
                )
                ArticlePhoto.objects.update_or_create(
                    article=article,
                    order=order,
                    defaults={
                        "image": photo_name,
                        "alt_text": f"{caption}, ảnh {order}",
                        "caption": f"{caption} (ảnh {order})",
                        "credit": PHOTOGRAPHERS[(index + order) % len(PHOTOGRAPHERS)],
                    },
                )

    for title, status, when in (
        (
            SCHEDULED_TITLE,
            Article.Status.PUBLISHED,
            timezone.now() + timedelta(days=365),
        ),
        (DRAFT_TITLE, Article.Status.DRAFT, base),
    ):
        Article.objects.update_or_create(
            slug=vn_slugify(title),
            defaults={
                "title": title,
                "category": categories["hoat-dong-dang-bo"],
                "lead": "Bài này chưa hiển thị với bạn đọc.",
                "body": "<p>Nội dung đang được biên tập.</p>",
                "status": status,
                "published_at": when.replace(microsecond=0),
                "authors": "Ban biên tập",
            },
        )
    if stdout is not None:
        stdout.write(f"bulletins: {Article.objects.count()} articles\n")
