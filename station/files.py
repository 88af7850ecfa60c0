"""Every file SkillStation writes or reads on a user's behalf goes through here.

Writing (:func:`write_file`, or :func:`write_partial` and :meth:`Partial.commit` when the
rename must wait for something else, such as the audit entry of an export):

- only a **regular file** is ever replaced: a name that exists and is a device, a FIFO,
  a socket or a folder is refused with a message, never replaced (``--out /dev/full``
  must not remove the device);
- the content goes to a new temporary file beside the target (mode 0600), is synced to
  disk and only then renamed over the target, so a reader sees the old file or the new
  one, never half of one; the folder is synced after the rename;
- a full disk raises :class:`station.errors.DiskFull`, any other failure a
  :class:`station.errors.InvalidInput` naming the file; the temporary file is removed.

Reading: :func:`refuse_special` is called before a user's file is opened, so a FIFO
(which would wait for a writer for ever) or a device is refused with a message. Callers
read a user's file before they start a write transaction, never inside one, so a slow
or hostile file cannot hold the database's write lock.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from station.errors import DiskFull, InvalidInput
from station.i18n import _

#: errno values that mean "no space left": the disk or the user's quota is full.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(error: BaseException) -> bool:
    """Whether an OSError says the disk (or the user's quota) is full."""
    return isinstance(error, OSError) and error.errno in _FULL


def _not_regular(path: Path) -> str:
    return _(
        "{file}: this is not a regular file (a device, a pipe or a socket); give the name "
        "of an ordinary file"
    ).format(file=path)


def check_target(out: Path, is_a_folder: str | None = None) -> Path:
    """Refuse a target whose folder is missing, which is a folder, or which exists and is
    not a regular file (a device, a FIFO, a socket). Returns ``out``.

    ``is_a_folder`` is the translated message for a folder, a template naming ``{file}``
    (e.g. ``"{file}: this is a folder; give the name of the CSV file"``).
    """
    if not out.parent.is_dir():
        raise InvalidInput(
            [
                _("{folder}: the folder does not exist; create it or choose another").format(
                    folder=out.parent
                )
            ]
        )
    try:
        mode = out.stat().st_mode
    except FileNotFoundError:
        return out
    except OSError as err:
        raise InvalidInput(
            [
                _("{file}: cannot write the file ({reason})").format(
                    file=out, reason=err.strerror or err
                )
            ]
        ) from None
    if stat.S_ISDIR(mode):
        message = is_a_folder or _("{file}: this is a folder; give the name of a file to write")
        raise InvalidInput([message.format(file=out)])
    if not stat.S_ISREG(mode):
        raise InvalidInput([_not_regular(out)])
    return out


def _write_failed(out: Path, err: OSError) -> Exception:
    if is_disk_full(err):
        return DiskFull(out.parent)
    return InvalidInput(
        [_("{file}: cannot write the file ({reason})").format(file=out, reason=err.strerror or err)]
    )


class Partial:
    """A complete, synced temporary file waiting to be renamed over its target."""

    def __init__(self, path: Path, target: Path) -> None:
        self.path = path
        self.target = target

    def commit(self, *, exclusive: bool = False) -> Path:
        """Rename the file over its target (checked again to be a regular file or
        missing) and sync the folder. With ``exclusive``, an existing target is never
        replaced: FileExistsError. The temporary file is gone afterwards either way."""
        try:
            check_target(self.target)
            if exclusive:
                os.link(self.path, self.target)
                self.path.unlink()
            else:
                os.replace(self.path, self.target)
            sync_folder(self.target.parent)
        except FileExistsError:
            self.discard()
            raise
        except OSError as err:
            self.discard()
            raise _write_failed(self.target, err) from None
        except BaseException:
            self.discard()
            raise
        return self.target

    def discard(self) -> None:
        """Remove the temporary file (the target is left as it was)."""
        self.path.unlink(missing_ok=True)


def write_partial(
    out: Path, write: Callable[[BinaryIO], object], *, is_a_folder: str | None = None
) -> Partial:
    """Check ``out`` (:func:`check_target`), call ``write`` with a new temporary file
    beside it (mode 0600), sync it, and return it unrenamed: call :meth:`Partial.commit`
    or :meth:`Partial.discard`."""
    check_target(out, is_a_folder)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    except OSError as err:
        if is_disk_full(err):
            raise DiskFull(out.parent) from None
        raise InvalidInput(
            [
                _("{folder}: cannot write there ({reason}); choose another folder").format(
                    folder=out.parent, reason=err.strerror or err
                )
            ]
        ) from None
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise _write_failed(out, err) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Partial(partial, out)


def write_file(
    out: Path,
    write: Callable[[BinaryIO], object],
    *,
    is_a_folder: str | None = None,
    exclusive: bool = False,
) -> Path:
    """Write a file whole or not at all (:func:`write_partial`, then commit)."""
    return write_partial(out, write, is_a_folder=is_a_folder).commit(exclusive=exclusive)


def write_bytes(out: Path, data: bytes, *, exclusive: bool = False) -> Path:
    """Write ``data`` to ``out`` whole or not at all."""
    return write_file(out, lambda handle: handle.write(data), exclusive=exclusive)


def csv_writer(rows: Iterable[Sequence[object]]) -> Callable[[BinaryIO], object]:
    """A ``write`` callback that writes ``rows`` as UTF-8 CSV (cells neutralised by
    :func:`station.exports.cells.csv_cell`)."""
    import csv

    from station.exports.cells import csv_cell

    def write(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        try:
            out = csv.writer(text)
            for row in rows:
                out.writerow([csv_cell(cell) for cell in row])
            text.flush()
        finally:
            text.detach()

    return write


def private_folder(folder: Path) -> Path:
    """Create ``folder`` and any missing parents with mode 0700 (only the owner may
    enter), and make ``folder`` itself 0700 if it already existed. Returns it."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    return folder


def private_file(path: Path) -> Path:
    """Create the empty file ``path`` (if missing) readable by its owner only (0600), and
    make it 0600 if it existed. Returns it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path


def fsync_path(path: Path) -> None:
    """fsync a file or a folder by name."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename in it survives a power cut (POSIX only)."""
    if os.name == "posix":
        fsync_path(folder)


def refuse_special(path: Path) -> None:
    """Raise InvalidInput when ``path`` exists and is a device, a FIFO or a socket (to be
    called before opening a user's file: opening a FIFO would wait for a writer)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or unreadable: the caller's open says so
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InvalidInput([_not_regular(path)])
