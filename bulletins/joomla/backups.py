"""``open_source(path)``: the backup an administrator has, opened as a JoomlaSource.

Invariant: a path is either opened as exactly one kind of backup or refused with a
Vietnamese sentence saying what was expected; nothing is extracted to disk and no
table is loaded whole (SQL and CSV are streamed; only JSON is parsed in one piece).

Accepted: a ``.sql`` dump (mysqldump, phpMyAdmin, hosting panels, the ``.sql`` of an
Akeeba backup), ``.sql.gz``, a ``.zip`` holding a dump or table files, a folder of
CSV/TSV/JSON table files (optionally with a schema ``.sql`` giving their columns),
or one JSON file (phpMyAdmin's export of one table or of a whole database).
"""

import gzip
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .columns import KNOWN_COLUMNS
from .errors import JoomlaReadError
from .source import JoomlaSource, known_columns
from .sqldump import DumpReader
from .tabular import DelimitedReader, header_row, json_row, json_tables

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".json")


class SqlDumpSource(JoomlaSource):
    def __init__(self, name: str, opener: Callable):
        super().__init__(name)
        self.reader = DumpReader(opener, name)
        self.index = self.reader.index()

    def physical_tables(self) -> list[str]:
        return list(self.index.tables)

    def columns(self, table: str) -> list[str]:
        physical = self._physical.get(table)
        if physical and self.index.create_columns.get(physical):
            return list(self.index.create_columns[physical])
        return super().columns(table)

    def raw_rows(self, physical: str) -> Iterator[tuple[str, int | None, dict]]:
        created = self.index.create_columns.get(physical)
        logical = physical[len(self.prefix) :].lower()
        for line, columns, values in self.reader.rows(physical, self.index):
            names = columns or created
            if not names:
                names = known_columns(logical, values, file=self.name, line=line)
            if len(names) != len(values):
                raise JoomlaReadError(
                    f"dòng dữ liệu của bảng {physical} có {len(values)} giá trị "
                    f"nhưng bảng có {len(names)} cột",
                    file=self.name,
                    line=line,
                )
            yield self.name, line, dict(zip(names, values, strict=True))


class TableFilesSource(JoomlaSource):
    """One file per table (CSV/TSV/JSON), named ``<prefix><table>.<ext>``."""

    def __init__(self, name: str, entries: dict[str, Callable], schema=None):
        super().__init__(name)
        self.entries = entries  # file name -> opener
        self.schema = schema  # physical table -> columns, from a schema .sql
        self._json: dict[str, tuple[str, list]] = {}
        self._files: dict[str, str] = {}
        for file_name, opener in entries.items():
            stem, suffix = _split_suffix(file_name)
            if suffix == ".json":
                with opener() as handle:
                    tables = json_tables(handle.read(), file_name)
                if len(tables) == 1 and len(entries) > 1:
                    # One table per file: the file's name is the table's name.
                    tables = {stem: next(iter(tables.values()))}
                for table, rows in tables.items():
                    self._json[table or stem] = (file_name, rows)
            else:
                self._files[stem] = file_name

    def physical_tables(self) -> list[str]:
        return [*self._files, *self._json]

    def raw_rows(self, physical: str) -> Iterator[tuple[str, int | None, dict]]:
        if physical in self._json:
            file_name, rows = self._json[physical]
            for index, row in enumerate(rows):
                yield file_name, None, json_row(row, file_name, index)
            return
        file_name = self._files[physical]
        reader = DelimitedReader(self.entries[file_name], file_name)
        logical = physical[len(self.prefix) :].lower()
        names = (self.schema or {}).get(physical)
        for line, record in reader.records():
            if names is None:
                if header_row(record, set(_known(logical))):
                    names = [value or "" for value in record]
                    continue
                names = known_columns(logical, record, file=file_name, line=line)
            if len(record) != len(names):
                raise JoomlaReadError(
                    f"dòng có {len(record)} trường nhưng bảng có {len(names)} cột: "
                    "tệp bị cắt ngang hoặc hỏng",
                    file=file_name,
                    line=line,
                )
            yield file_name, line, dict(zip(names, record, strict=True))


def _known(logical: str) -> list[str]:
    return [c for layout in KNOWN_COLUMNS.get(logical, {}).values() for c in layout]


def _split_suffix(file_name: str) -> tuple[str, str]:
    base = file_name.rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    return (stem, "." + suffix.lower()) if dot else (base, "")


@contextmanager
def _zip_member(path: Path, member: str, gunzip: bool = False):
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        if gunzip:
            with gzip.open(handle) as inner:
                yield inner
        else:
            yield handle


def _file_opener(path: Path) -> Callable:
    if path.name.lower().endswith(".gz"):
        return lambda: gzip.open(path, "rb")
    return lambda: open(path, "rb")


def _dump_source(path: Path, opener: Callable, name: str) -> SqlDumpSource:
    try:
        return SqlDumpSource(name, opener)
    except (OSError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile) as error:
        raise JoomlaReadError(
            f"không đọc được tệp nén: {error.__class__.__name__}; tệp có thể bị "
            "tải về không trọn vẹn",
            file=name,
        ) from None


def _schema_columns(path: Path) -> dict[str, list[str]]:
    return DumpReader(_file_opener(path), path.name).index().create_columns


def open_source(path, *, prefix: str | None = None) -> JoomlaSource:
    """The backup at ``path`` (file or folder), with prefix and version detected."""
    path = Path(path)
    name = path.name.lower()
    if not path.exists():
        raise JoomlaReadError("không tìm thấy tệp hay thư mục sao lưu", file=str(path))
    if path.is_dir():
        source = _folder_source(path)
    elif name.endswith((".sql", ".sql.gz")):
        source = _dump_source(path, _file_opener(path), path.name)
    elif name.endswith(".zip"):
        source = _zip_source(path)
    elif name.endswith(".json"):
        source = TableFilesSource(path.name, {path.name: _file_opener(path)})
    elif name.endswith((".jpa", ".jps")):
        raise JoomlaReadError(
            "tệp sao lưu Akeeba (.jpa/.jps) cần được giải nén trước (Akeeba "
            "Kickstart hoặc eXtract Wizard); sau đó đưa tệp installation/sql/site.sql",
            file=path.name,
        )
    else:
        raise JoomlaReadError(
            "không nhận ra loại tệp: cần .sql, .sql.gz, .zip, .json hoặc một thư mục "
            "có các tệp CSV/JSON",
            file=path.name,
        )
    return source.detect(prefix)


def _folder_source(path: Path) -> JoomlaSource:
    files = sorted(p for p in path.iterdir() if p.is_file())
    tables = [p for p in files if p.suffix.lower() in TABLE_SUFFIXES]
    dumps = [p for p in files if p.name.lower().endswith((".sql", ".sql.gz"))]
    if tables:
        schema = {}
        for dump in dumps:
            schema.update(_schema_columns(dump))
        return TableFilesSource(
            path.name, {p.name: _file_opener(p) for p in tables}, schema=schema
        )
    if len(dumps) == 1:
        return _dump_source(dumps[0], _file_opener(dumps[0]), dumps[0].name)
    raise JoomlaReadError(
        "thư mục cần có các tệp CSV/JSON của từng bảng hoặc đúng một tệp .sql",
        file=path.name,
    )


def _zip_source(path: Path) -> JoomlaSource:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
    except zipfile.BadZipFile:
        raise JoomlaReadError(
            "tệp .zip hỏng hoặc tải về không trọn vẹn", file=path.name
        ) from None
    dumps = [m for m in members if m.lower().endswith((".sql", ".sql.gz"))]
    tables = [m for m in members if _split_suffix(m)[1] in TABLE_SUFFIXES]
    if len(dumps) == 1 and not tables:
        member = dumps[0]
        gunzip = member.lower().endswith(".gz")
        return _dump_source(
            path, lambda: _zip_member(path, member, gunzip), f"{path.name}:{member}"
        )
    if tables:
        return TableFilesSource(
            path.name,
            {m: (lambda m=m: _zip_member(path, m)) for m in tables},
        )
    raise JoomlaReadError(
        "tệp .zip cần chứa đúng một tệp .sql hoặc các tệp CSV/JSON của từng bảng",
        file=path.name,
    )
