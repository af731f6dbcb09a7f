"""Uploads are written to a partial name and appear only when complete."""

import errno
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from portal.storage import PARTIAL_PREFIX, AtomicFileSystemStorage


class HalfWrittenContent(ContentFile):
    """Yields its first chunk, then the disk is full."""

    def chunks(self, chunk_size=None):
        yield self.read(10)
        raise OSError(errno.ENOSPC, "No space left on device")


def files_under(root):
    return sorted(
        p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file()
    )


def test_complete_file_lands_under_its_final_name(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    name = storage.save("anh/2026/11/anh-1.png", ContentFile(b"x" * 5000))
    assert name == "anh/2026/11/anh-1.png"
    assert files_under(tmp_path) == ["anh/2026/11/anh-1.png"]
    assert (tmp_path / name).read_bytes() == b"x" * 5000


def test_an_existing_name_is_never_overwritten(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("van-ban/a.pdf", ContentFile(b"first"))
    second = storage.save("van-ban/a.pdf", ContentFile(b"second"))
    assert first != second
    assert (tmp_path / first).read_bytes() == b"first"
    assert (tmp_path / second).read_bytes() == b"second"
    assert not any(PARTIAL_PREFIX in f for f in files_under(tmp_path))


def test_a_disk_error_mid_write_leaves_no_file(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError) as caught:
        storage.save("anh/anh-2.png", HalfWrittenContent(b"y" * 5000))
    assert caught.value.errno == errno.ENOSPC
    assert files_under(tmp_path) == []
