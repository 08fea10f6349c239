"""Errors that end a fetch or a build with one clear line instead of a traceback."""

from __future__ import annotations

from pathlib import Path


class AtlasError(Exception):
    """Base class: the message is meant to be printed as is, on one line."""

    def __reduce__(self):  # travels whole from a build worker process (message and attributes)
        return (_restore, (type(self), str(self), dict(self.__dict__)))


def _restore(cls: type[AtlasError], message: str, attributes: dict) -> AtlasError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(attributes)
    return error


class InputError(AtlasError):
    """A raw input cannot be read as expected: names the file, sheet and column."""

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        sheet: str | None = None,
        column: str | None = None,
    ) -> None:
        self.file = Path(file).name
        self.sheet = sheet
        self.column = column
        self.reason = message
        where = [self.file]
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")


class ValidationError(AtlasError):
    """A table about to be published breaks its declared schema."""

    def __init__(self, table: str, message: str, *, column: str | None = None) -> None:
        self.table = table
        self.column = column
        where = f"table {table!r}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")


class FetchError(AtlasError):
    """A raw file could not be obtained from the mirror nor downloaded."""
