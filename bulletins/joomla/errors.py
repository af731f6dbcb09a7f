"""The one error the reading layer raises: a Vietnamese sentence with its place.

Every failure to read a backup (damaged file, unknown encoding, missing table,
wrong column count) becomes a ``JoomlaReadError`` naming the file and, when known,
the line and column, so an administrator can open the file and look. Raw Python
errors ("'utf-8' codec can't decode byte ...") never reach them.
"""


class JoomlaReadError(ValueError):
    """A backup that cannot be read, said in Vietnamese with file, line and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | str | None = None,
    ):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        place = []
        if self.file:
            place.append(f"tệp {self.file}")
        if self.line is not None:
            place.append(f"dòng {self.line}")
        if self.column is not None:
            place.append(f"cột {self.column}")
        return f"{', '.join(place)}: {self.message}" if place else self.message


REEXPORT_HINT = (
    "Hãy xuất lại cơ sở dữ liệu với bảng mã utf8mb4 (phpMyAdmin: Xuất → "
    "Bảng mã của tệp: utf-8; dòng lệnh: mysqldump --default-character-set=utf8mb4)."
)
