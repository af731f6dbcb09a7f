"""Fill the database with many articles for the benchmark (bench/run.sh).

    python manage.py generate_bench_data --articles 100000

Rows are written with ``bulk_create`` in batches, so 100,000 articles take a minute,
not an hour. ``bulk_create`` skips ``Article.save()``, so the derived columns it
would fill (slug, search text) are filled here the same way. A handful of generated
photos are shared by all articles: the page cost is the same as with one file each,
and the disk stays small. Running it again with the same numbers adds nothing.
"""

import io
import itertools
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.pagecache.generation import bump_generation
from portal.sanitize import plain_text
from portal.text import fold, vn_slugify

from ...models import Article, ArticlePhoto, Category

SLUG_PREFIX = "bench"

CATEGORY_NAMES = [
    "Thời sự",
    "Xây dựng Đảng",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Quốc phòng - An ninh",
    "Nông nghiệp - Nông thôn",
    "Giáo dục",
    "Y tế",
    "Khoa học - Công nghệ",
    "Chuyển đổi số",
    "Gương người tốt việc tốt",
    "Thông tin đối ngoại",
]

TOPICS = [
    "Hội nghị sơ kết công tác xây dựng Đảng",
    "Triển khai nghị quyết về phát triển kinh tế - xã hội",
    "Trao Huy hiệu Đảng cho đảng viên",
    "Kiểm tra, giám sát việc thực hiện quy chế dân chủ",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Ra quân chuyển đổi số cấp xã",
    "Tổng kết phong trào thi đua yêu nước",
    "Tập huấn nghiệp vụ công tác tuyên giáo",
    "Gặp mặt cán bộ hưu trí nhân dịp năm mới",
    "Khánh thành công trình chào mừng đại hội",
]
PLACES = [
    "huyện Đồng Xuân",
    "thị xã Sông Cầu",
    "xã Hòa Bình",
    "phường Ninh Thủy",
    "Đảng bộ Khối cơ quan",
    "Sở Khoa học và Công nghệ",
    "huyện Tây Sơn",
    "thành phố Tuy Hòa",
]
PARAGRAPHS = [
    "Sáng nay, tại hội trường của cơ quan, Ban Thường vụ đã tổ chức hội nghị với sự "
    "tham dự của đông đảo cán bộ, đảng viên và đại diện các tổ chức đoàn thể.",
    "Phát biểu khai mạc, đồng chí Bí thư nhấn mạnh yêu cầu nâng cao chất lượng sinh "
    "hoạt chi bộ, gắn việc học tập nghị quyết với nhiệm vụ chuyên môn của từng đơn vị.",
    "Trong năm qua, các chi bộ trực thuộc đã hoàn thành tốt nhiệm vụ được giao; công "
    "tác kiểm tra, giám sát được thực hiện đúng kế hoạch, không có đảng viên vi phạm.",
    "Hội nghị cũng chỉ ra một số hạn chế: việc ứng dụng công nghệ thông tin trong quản "
    "lý đảng viên còn chậm, một số nơi chưa cập nhật kịp thời dữ liệu lên hệ thống.",
    "Kết luận hội nghị, đồng chí Phó Bí thư Thường trực đề nghị các cấp ủy tiếp tục "
    "đổi mới phương thức lãnh đạo, phát huy vai trò nêu gương của người đứng đầu.",
    "Dịp này, Ban Thường vụ đã trao giấy khen cho các tập thể và cá nhân có thành tích "
    "xuất sắc trong thực hiện nhiệm vụ chính trị của địa phương.",
]


def make_photo(index, width=1200, height=800):
    """A simple generated JPEG (gradient + shapes), distinct per ``index``."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    base = [(180, 30, 30), (30, 90, 160), (40, 130, 70), (200, 140, 20)][index % 4]
    for y in range(0, height, 8):
        shade = y * 90 // height
        draw.rectangle(
            [0, y, width, y + 8], fill=tuple(max(0, c - shade) for c in base)
        )
    draw.ellipse([width // 4, height // 4, width // 2, height // 2], fill="white")
    draw.rectangle([width // 2, height // 2, width - 80, height - 80], outline="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Create N benchmark articles (default 10,000) with categories and photos."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--photos", type=int, default=6)
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument(
            "--gallery-every",
            type=int,
            default=5,
            help="Every n-th article also gets a gallery photo with a caption.",
        )

    def handle(self, *args, articles, photos, batch_size, gallery_every, **options):
        if articles < 0 or photos < 1 or batch_size < 1 or gallery_every < 1:
            raise CommandError("numbers must be positive")
        categories = self.categories()
        photo_files = self.photo_files(photos)
        existing = (
            Article.objects.for_site()
            .filter(slug__startswith=f"{SLUG_PREFIX}-")
            .count()
        )
        now = timezone.now()
        created = 0
        for start in range(existing, articles, batch_size):
            stop = min(start + batch_size, articles)
            with transaction.atomic():
                rows = Article.objects.bulk_create(
                    [
                        self.article(n, categories, photo_files, now)
                        for n in range(start, stop)
                    ]
                )
                ArticlePhoto.objects.bulk_create(
                    [
                        self.gallery_photo(article, n, photo_files)
                        for n, article in zip(range(start, stop), rows, strict=True)
                        if n % gallery_every == 0
                    ]
                )
            created += len(rows)
            self.stdout.write(f"  {stop:,} articles", ending="\r")
        bump_generation()
        total = (
            Article.objects.for_site()
            .filter(slug__startswith=f"{SLUG_PREFIX}-")
            .count()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark data: {total:,} articles ({created:,} new), "
                f"{len(categories)} categories, {len(photo_files)} photo files."
            )
        )

    def categories(self):
        rows = []
        for order, name in enumerate(CATEGORY_NAMES):
            category, _ = Category.objects.for_site().get_or_create(
                slug=f"{SLUG_PREFIX}-{vn_slugify(name)}",
                defaults={
                    "name": name,
                    "order": 100 + order,
                    "show_on_home": order < 4,
                },
            )
            rows.append(category)
        return rows

    def photo_files(self, count):
        names = []
        for index in range(count):
            name = f"bench/photo-{index}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(make_photo(index)))
            names.append(name)
        return names

    def article(self, n, categories, photo_files, now):
        topic = TOPICS[n % len(TOPICS)]
        place = PLACES[(n // len(TOPICS)) % len(PLACES)]
        title = f"{topic} tại {place} (bài {n + 1})"
        lead = f"{topic} diễn ra tại {place} với nhiều nội dung thiết thực."
        paragraphs = itertools.islice(
            itertools.cycle(PARAGRAPHS), n % len(PARAGRAPHS), n % len(PARAGRAPHS) + 5
        )
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        published = n % 50 != 49  # a few drafts, as on a real site
        return Article(
            title=title,
            slug=f"{SLUG_PREFIX}-{n + 1}-{vn_slugify(topic)[:120]}",
            lead=lead,
            body=body,
            category=categories[n % len(categories)],
            authors="Phóng viên Ban Tuyên giáo",
            featured_image=photo_files[n % len(photo_files)],
            featured_image_width=1200,
            featured_image_height=800,
            featured_image_alt=f"Quang cảnh {topic.lower()}",
            featured_image_caption=f"Quang cảnh {topic.lower()} tại {place}.",
            status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
            # Newest first by n; one article every 20 minutes back in time.
            published_at=now - timedelta(minutes=20 * n + 1),
            is_featured=n < 5,
            search_text=fold(" ".join([title, lead, plain_text(body)])),
        )

    def gallery_photo(self, article, n, photo_files):
        return ArticlePhoto(
            article=article,
            image=photo_files[(n + 1) % len(photo_files)],
            width=1200,
            height=800,
            alt_text="Đại biểu dự hội nghị",
            caption="Các đại biểu biểu quyết thông qua nghị quyết.",
            credit="Ảnh: Ban Tuyên giáo",
            order=0,
        )
