"""``manage.py import_joomla BACKUP``: move an old Joomla site here (see
docs/migration.md and ``bulletins/joomla/importer.py``).

Every message is Vietnamese; a failure names what failed (file, line, column for
a damaged backup) and says that nothing was imported. The report is printed and
written to a file (``--report``, default ``var/joomla-import/``).
"""

import errno
import logging
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from bulletins.joomla import JoomlaReadError
from bulletins.joomla.importer import ImportOptions, JoomlaImport
from portal.current_site import activate
from portal.site_models import Site, default_site_id

logger = logging.getLogger("bulletins.joomla")
SCREEN_LINES = 15
OS_ERRORS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EACCES: "không có quyền ghi hoặc đọc",
    errno.EPERM: "không có quyền ghi hoặc đọc",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EIO: "lỗi đọc ghi ổ đĩa",
}


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu từ bản sao lưu website Joomla (1.5 đến 4): tệp .sql, .sql.gz, "
        ".zip, thư mục CSV/JSON hoặc tệp JSON; cùng thư mục ảnh của website cũ. "
        "Nhập tất cả hoặc không nhập gì; chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "backup", help="bản sao lưu: .sql, .sql.gz, .zip, .json hoặc thư mục"
        )
        parser.add_argument(
            "--images",
            help="thư mục gốc của website cũ (chứa images/), thư mục images/, "
            "hoặc tệp .zip của website; mặc định: tìm trong bản sao lưu",
        )
        parser.add_argument("--prefix", help="tiền tố bảng khi có nhiều website")
        parser.add_argument(
            "--site",
            help="trang nhận dữ liệu (tên ngắn hoặc tên miền) khi hệ thống có "
            "nhiều trang; mọi tra cứu và mọi dòng mới đều thuộc trang đó",
        )
        parser.add_argument(
            "--language",
            default="vi-VN",
            help="ngôn ngữ của trang (mặc định vi-VN); bài ngôn ngữ khác không "
            "hiện trong tin tức",
        )
        parser.add_argument(
            "--other-languages",
            choices=["draft", "skip"],
            default="draft",
            help="bài ngôn ngữ khác: nhập làm bản nháp (draft, mặc định) hoặc bỏ "
            "qua (skip)",
        )
        parser.add_argument(
            "--old-domain",
            action="append",
            default=[],
            dest="old_domains",
            help="tên miền cũ (lặp lại được), để liên kết tuyệt đối về trang cũ "
            "được đổi sang trang mới",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chạy thử: đọc, kiểm tra, báo cáo; không ghi gì",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="đọc lại và sửa các dòng đã nhập (theo mã trên website cũ)",
        )
        parser.add_argument(
            "--no-metakey-tags",
            action="store_true",
            help="không lấy từ khoá meta làm thẻ khi website cũ không dùng thẻ",
        )
        parser.add_argument(
            "--report", help="tệp báo cáo (mặc định: var/joomla-import/...)"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="không hiện thanh tiến độ"
        )

    def target_site(self, wanted):
        """The site imported into: ``--site`` (short name or host name), else the
        only site; with several sites ``--site`` is required."""
        if wanted:
            wanted = wanted.strip().lower()
            site = Site.objects.filter(Q(slug=wanted) | Q(domain=wanted)).first()
            if site is None:
                raise CommandError(f"Không có trang nào tên “{wanted}”.")
            return site
        sites = list(Site.objects.order_by("pk")[:2])
        if len(sites) > 1:
            raise CommandError(
                "Hệ thống có nhiều trang: chọn trang nhận dữ liệu bằng --site "
                "(tên ngắn hoặc tên miền)."
            )
        return Site.objects.get(pk=default_site_id())

    def handle(self, *args, **options):
        backup = Path(options["backup"])
        if not backup.exists():
            raise CommandError(f"Không tìm thấy bản sao lưu {backup}.")
        images = options.get("images")
        if images and not Path(images).exists():
            raise CommandError(f"Không tìm thấy thư mục ảnh {images}.")
        quiet = options["no_progress"] or options["verbosity"] == 0
        site = self.target_site(options.get("site"))

        def progress(items, desc, total=None):
            # tqdm draws only on a terminal (disable=None); logs stay clean.
            return tqdm(
                items,
                desc=desc,
                total=total,
                unit=" bài",
                disable=True if quiet else None,
                file=sys.stderr,
                leave=False,
            )

        importer = JoomlaImport(
            ImportOptions(
                backup=str(backup),
                images=images,
                prefix=options.get("prefix"),
                language=options["language"],
                old_domains=tuple(options["old_domains"]),
                dry_run=options["dry_run"],
                update=options["update"],
                other_languages=options["other_languages"],
                metakey_tags=not options["no_metakey_tags"],
                progress=progress,
            )
        )
        try:
            with activate(site):
                report = importer.run()
        except JoomlaReadError as error:
            raise CommandError(f"Không nhập gì. Bản sao lưu bị lỗi: {error}") from None
        except OSError as error:
            reason = OS_ERRORS.get(error.errno, "lỗi đọc ghi tệp")
            where = f" ({error.filename})" if error.filename else ""
            raise CommandError(f"Không nhập gì: {reason}{where}.") from None
        except DatabaseError:
            logger.exception("Joomla import: the database refused a write")
            raise CommandError(
                "Không nhập gì: cơ sở dữ liệu từ chối ghi. Kiểm tra kết nối, chỗ "
                "trống của cơ sở dữ liệu và chạy lại; chi tiết ở nhật ký."
            ) from None
        except KeyboardInterrupt:
            raise CommandError("Đã dừng theo yêu cầu: không nhập gì.") from None
        except Exception:
            # A fault of the program, not of the backup: logged whole for the
            # developers, said in Vietnamese to the administrator.
            logger.exception("Joomla import failed")
            raise CommandError(
                "Không nhập gì: chương trình gặp lỗi không lường trước khi đọc bản "
                "sao lưu này. Chi tiết ở nhật ký; hãy gửi kèm khi báo lỗi."
            ) from None

        # A dry run writes nothing, not even its report, unless asked to.
        path = None
        if options.get("report") or not options["dry_run"]:
            path = Path(options.get("report") or self._default_report_path())
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(report.render(), encoding="utf-8")
        limit = None if options["verbosity"] >= 2 else SCREEN_LINES
        self.stdout.write(report.render(limit=limit))
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("Chạy thử: không có gì được ghi."))
        else:
            self.stdout.write(self.style.SUCCESS("Đã nhập xong."))
        if path is not None:
            self.stdout.write(f"Báo cáo đầy đủ: {path}")

    @staticmethod
    def _default_report_path() -> Path:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return Path(settings.VAR_DIR) / "joomla-import" / f"bao-cao-{stamp}.txt"
