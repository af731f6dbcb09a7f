"""manage.py import_joomla EXPORT_DIR [--images DIR]: see bulletins/joomla.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from bulletins.joomla.importer import JoomlaImporter


class Command(BaseCommand):
    help = (
        "Import categories and articles from a Joomla 3/4 export (#__categories and "
        "#__content as CSV or JSON, plus the images folder). Running it again "
        "imports nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder with categories/content tables")
        parser.add_argument(
            "--images", help="Joomla's images folder (default: FOLDER/images)"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar"
        )

    def handle(self, *args, folder, images=None, no_progress=False, **options):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"Không tìm thấy thư mục {folder}")

        def progress(items, desc):
            # tqdm draws only on a terminal (disable=None); logs stay clean.
            return tqdm(
                items,
                desc=desc,
                unit="dòng",
                disable=True if no_progress else None,
                file=self.stderr._out,
            )

        importer = JoomlaImporter(path, images_dir=images, progress=progress)
        try:
            report = importer.run()
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            f"Chuyên mục: {report.categories_created} mới, "
            f"{report.categories_existing} đã có.\n"
            f"Tin bài: {report.articles_created} mới, "
            f"{report.articles_existing} đã có.\n"
            f"Ảnh đã chép: {report.images_copied}. "
            f"Địa chỉ cũ chuyển hướng: {report.redirects_created} mới."
        )
        if report.problems:
            self.stdout.write(
                self.style.WARNING(f"{len(report.problems)} dòng không nhập được:")
            )
            for problem in report.problems:
                self.stdout.write(
                    f"  {problem.table} id={problem.legacy_id} "
                    f"«{problem.title}»: {problem.reason}"
                )
        else:
            self.stdout.write(self.style.SUCCESS("Không có dòng nào bị lỗi."))
