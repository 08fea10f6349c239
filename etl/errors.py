"""Errors that end a fetch or a build with one clear line instead of a traceback."""

from __future__ import annotations

import errno
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


class PublishError(AtlasError):
    """The build cannot be published (another build runs, the target is not writable, the disk is full):
    names the path; the data already published is left as it was."""

    @classmethod
    def from_os(cls, error: OSError, path: str | Path, doing: str = "cannot write") -> PublishError:
        """One line from an OSError: the path it names (else `path`) and the reason in plain words."""
        where = error.filename if isinstance(error.filename, str) and error.filename else str(path)
        return cls(f"{where}: {doing} ({os_reason(error)}); the published data is unchanged")


def os_reason(error: OSError) -> str:
    """ENOSPC, EACCES, EROFS… in plain words, on one line."""
    reasons = {
        errno.ENOSPC: "no space left on the disk",
        errno.EDQUOT: "disk quota exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "read-only file system",
        errno.ENOTDIR: "a parent is not a folder",
        errno.ENOENT: "no such file or folder",
    }
    text = reasons.get(error.errno) or error.strerror or str(error) or type(error).__name__
    return " ".join(str(text).split())
