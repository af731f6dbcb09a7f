"""Where the Joomla test data lives: our fixtures and the real 3.9 site in shared/."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "joomla"
J39 = ROOT.parent / "shared" / "joomla" / "j39-quickstart"


@pytest.fixture(scope="session")
def j39() -> Path:
    """The real Joomla 3.9 site (dump and images) beside the checkout."""
    if not (J39 / "j39.sql").is_file() or not (J39 / "images").is_dir():
        pytest.fail(
            f"The real Joomla 3.9 site is missing: expected {J39}/j39.sql and "
            f"{J39}/images/ (shared/ must sit beside the checkout, as in CI).",
            pytrace=False,
        )
    return J39


@pytest.fixture
def write(tmp_path):
    """Write text (or bytes) to a file under tmp_path and return its path."""

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write


@pytest.fixture
def site_dirs(tmp_path, settings):
    """Media and var/ folders of their own, so a test sees exactly its files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    return settings.MEDIA_ROOT, settings.VAR_DIR


@pytest.fixture
def import_joomla(site_dirs):
    """Run ``manage.py import_joomla``; its screen output (raises CommandError)."""

    def run(*args) -> str:
        out = io.StringIO()
        call_command(
            "import_joomla", *[str(a) for a in args], "--no-progress", stdout=out
        )
        return out.getvalue()

    return run


def media_files(root: Path) -> list[str]:
    """Every file under the media folder (staging folders included)."""
    if not root.exists():
        return []
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )
