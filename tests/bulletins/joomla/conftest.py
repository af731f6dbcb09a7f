"""Where the Joomla test data lives: our fixtures and the real 3.9 site in shared/."""

from pathlib import Path

import pytest

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
