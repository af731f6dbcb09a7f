"""Demo content for the site chrome: profile with a drawn logo and banner
(``portal.artwork``), menu and website links.

Written for this project; idempotent (keyed on stable fields, so running it
twice creates nothing new; the pictures are stored once).
"""

from django.core.files.base import ContentFile

from . import artwork
from .models import MenuItem, SiteProfile, WebsiteLink
from .site_models import default_site_id

PROFILE = {
    "site_name": "Đảng bộ Sở Khoa học và Công nghệ tỉnh Hòa Bình An",
    "agency_line_1": "Sở Khoa học và Công nghệ",
    "agency_line_2": "Tỉnh Hòa Bình An",
    "party_committee": "Trang thông tin điện tử Đảng bộ Sở",
    "tagline": "Tin tức, văn bản và hoạt động của Đảng bộ Sở Khoa học và Công nghệ",
    "managing_agency": "Đảng ủy Sở Khoa học và Công nghệ tỉnh Hòa Bình An",
    "editor_in_chief": "Đ/c Lê Thị Minh Hạnh, Phó Bí thư Đảng ủy",
    "licence": "12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 15/03/2024",
    "address": "Số 18 đường Trần Hưng Đạo, phường Minh Khai, thành phố Hòa Bình An",
    "phone": "0255 3822 100",
    "fax": "0255 3822 101",
    "email": "dangbo.skhcn@example.gov.vn",
    "introduction": (
        "Đảng bộ Sở Khoa học và Công nghệ lãnh đạo thực hiện nhiệm vụ chính trị của Sở: "
        "tham mưu cho Ủy ban nhân dân tỉnh quản lý nhà nước về khoa học, công nghệ, "
        "đổi mới sáng tạo, tiêu chuẩn, đo lường, chất lượng và sở hữu trí tuệ.\n\n"
        "Trang thông tin đăng tải tin hoạt động, văn bản của Đảng ủy và tư liệu các kì "
        "đại hội để cán bộ, đảng viên và nhân dân theo dõi, góp ý."
    ),
    "english_name": (
        "Party Committee of the Department of Science and Technology, "
        "Hoa Binh An Province"
    ),
    "english_functions": (
        "The Party Committee leads the Department of Science and Technology in "
        "carrying out its duties: advising the Provincial People's Committee on the "
        "state management of science, technology and innovation, standards, metrology, "
        "quality and intellectual property.\n\nThis website publishes the Committee's "
        "news, documents and congress records."
    ),
    "english_address": "18 Tran Hung Dao Street, Minh Khai Ward, Hoa Binh An City",
    "copyright_note": "Ghi rõ nguồn khi phát hành lại thông tin từ trang này.",
    "logo_alt": "Biểu trưng Đảng bộ Sở Khoa học và Công nghệ",
}

MENU = [
    (
        "Tin tức",
        "/chuyen-muc/tin-tuc/",
        [
            ("Hoạt động Đảng bộ", "/chuyen-muc/hoat-dong-dang-bo/"),
            ("Khoa học và công nghệ", "/chuyen-muc/khoa-hoc-va-cong-nghe/"),
        ],
    ),
    ("Văn bản", "/van-ban/", []),
    ("Đại hội", "/dai-hoi/", []),
]

LINKS = [
    ("Cổng thông tin điện tử tỉnh Hòa Bình An", "https://hoabinhan.example.gov.vn/"),
    ("Bộ Khoa học và Công nghệ", "https://www.most.gov.vn/"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Tạp chí Cộng sản", "https://www.tapchicongsan.org.vn/"),
]


def seed(stdout=None):
    # The first site's profile, found by its site (an explicit id would leave
    # PostgreSQL's sequence behind, and the next site's profile would collide).
    profile, _created = SiteProfile.objects.get_or_create(site_id=default_site_id())
    for field, value in PROFILE.items():
        setattr(profile, field, value)
    if not profile.logo:
        profile.logo.save("bieu-trung.png", ContentFile(artwork.logo_png()), save=False)
    if not profile.banner:
        profile.banner.save(
            "bang-ron-dau-trang.jpg", ContentFile(artwork.banner_jpeg()), save=False
        )
    profile.save()

    for order, (title, url, children) in enumerate(MENU, start=1):
        parent, _created = MenuItem.objects.update_or_create(
            parent=None, url=url, defaults={"title": title, "order": order * 10}
        )
        for child_order, (child_title, child_url) in enumerate(children, start=1):
            MenuItem.objects.update_or_create(
                parent=parent,
                url=child_url,
                defaults={"title": child_title, "order": child_order * 10},
            )

    for order, (title, url) in enumerate(LINKS, start=1):
        WebsiteLink.objects.update_or_create(
            url=url, defaults={"title": title, "order": order * 10}
        )
