"""``python -m bulletins.joomla BACKUP``: what a Joomla backup holds, read end to end.

Invariant: reads only (no Django settings, no database); prints the detected
prefix and version, the rows of each table the import uses, the values repaired,
and the time and peak memory it took, so an administrator can check a backup
before importing it, and the reading speed can be measured on any dump.
"""

import argparse
import resource
import sys
import time

from . import JoomlaReadError, open_source

TABLES = (
    "content",
    "categories",
    "users",
    "menu",
    "tags",
    "contentitem_tag_map",
    "viewlevels",
    "k2_items",
    "k2_categories",
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bulletins.joomla")
    parser.add_argument("backup", help=".sql, .sql.gz, .zip, .json hoặc thư mục CSV")
    parser.add_argument("--prefix", help="tiền tố bảng khi có nhiều website")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        source = open_source(args.backup, prefix=args.prefix)
        print(f"Tiền tố bảng: {source.prefix or '(không có)'}")
        print(f"Phiên bản Joomla: {source.version or 'không rõ'}")
        for table in TABLES:
            if source.has(table):
                count = sum(1 for _ in source.rows(table))
                print(f"  {table}: {count} dòng")
    except JoomlaReadError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    repaired = sum(source.report.repaired.values())
    print(f"Giá trị đã sửa lỗi mã hoá: {repaired}")
    for table, file, line, column, value in source.report.repaired_examples[:5]:
        print(f"  {file} dòng {line}, {table}.{column}: {value}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"Thời gian: {time.perf_counter() - started:.1f} s; bộ nhớ tối đa: {peak} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
