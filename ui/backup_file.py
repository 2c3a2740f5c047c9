"""A backup as one file to carry, and back: the backup folder zipped (sealed with a passphrase when one is given,
see `ui/backup_seal.py`), and such a file, uploaded on the screen or given to `berdaya restore`, opened again
into a folder that `check_backup` and the restore take.

Written through files on disk, entry by entry and chunk by chunk, so a backup of hundreds of MB is never held
in memory whole. Without NiceGUI, so the command line starts fast.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from models.base import DomainError
from models.programme import Zone
from store import files

from . import backup_seal

ZIP_SUFFIX = '.zip'
SEALED_SUFFIX = '.zip.enc'
# What an uploaded zip may inflate to: a snapshot's JSON packs about 5 to 15 times smaller (the demo's 7×),
# a zip bomb a thousand times; never more than the disk a small server can spare.
UNPACK_RATIO = 40
MAX_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024
BACKUP_FILES = ('snapshot.json', 'secret.key', 'BACKUP.txt')


def stem() -> str:
    """A backup taken now is named after the minute, in the agencies' zone: `berdaya-backup-20261204-0930`."""
    return 'berdaya-backup-' + dt.datetime.now(Zone.WIB.tz).strftime('%Y%m%d-%H%M')


def file_name(name: str, passphrase: str | None) -> str:
    """What a backup folder `name` is carried as: `.zip`, or `.zip.enc` when sealed (no zip tool opens it)."""
    return name + (SEALED_SUFFIX if passphrase else ZIP_SUFFIX)


def write(folder: Path, target: Path, passphrase: str | None) -> Path:
    """Zip the backup `folder` (its files under its name) into `target`, sealed when `passphrase` is given."""
    if not passphrase:
        _zip_folder(folder, target)
        return target
    # the plain zip goes to the machine's own temporary folder, never beside `target` on a flash drive
    with tempfile.TemporaryDirectory(prefix='berdaya-seal-') as temp:
        plain = Path(temp) / 'backup.zip'
        _zip_folder(folder, plain)
        with open(plain, 'rb') as source, open(target, 'wb') as out:
            backup_seal.seal(source, out, passphrase)
    return target


def sealed(take: Callable[[Path], object], target: Path, passphrase: str) -> Path:
    """`berdaya backup TARGET --passphrase-file P`: the backup folder `take(folder)` writes (a data folder's, or a
    tenant's on PostgreSQL: the same format) sealed into the file `target`, or into a file of its own name inside
    `target` when that is a folder; an existing file is never overwritten."""
    name = stem()
    if target.is_dir():
        target = target / file_name(name, passphrase)
    if target.exists():
        raise DomainError('backup_target_exists', file=str(target))
    with tempfile.TemporaryDirectory(prefix='berdaya-backup-') as temp:
        take(Path(temp) / name)
        return write(Path(temp) / name, target, passphrase)


def open_file(source: BinaryIO, size: int, into: Path, passphrase: str | None) -> tuple[Path, bool]:
    """Take a backup's files out of a carried file (`size` bytes) into the empty folder `into`.

    Returns the folder holding its snapshot and whether the file was sealed. A sealed one needs its passphrase
    (`backup_needs_passphrase`, `backup_wrong_passphrase`); it is opened into a scratch file beside `into`
    and read only once its tag showed it whole.
    """
    into.mkdir(parents=True, exist_ok=True)
    sealed = backup_seal.is_sealed(source.read(len(backup_seal.MAGIC)))
    source.seek(0)
    if not sealed:
        return unzip(source, size, into), False
    if not passphrase:
        raise DomainError('backup_needs_passphrase')
    with tempfile.TemporaryDirectory(prefix='berdaya-unseal-', dir=into.parent) as temp:
        plain = Path(temp) / 'backup.zip'
        with open(plain, 'wb') as out:
            backup_seal.unseal(source, size, out, passphrase)
        with open(plain, 'rb') as opened:
            return unzip(opened, plain.stat().st_size, into), True


def unzip(source: BinaryIO, size: int, into: Path) -> Path:
    """Take a backup's files out of a zip (`size` bytes) into `into`; returns the folder holding its snapshot.

    Read entry by entry, counting the bytes really inflated (not what the zip says of itself), so a small
    upload cannot fill the disk. Only the files a backup holds are taken, from one folder at most; a link, a
    bad CRC, an encrypted or otherwise broken archive is refused with `backup_bad_zip`.
    """
    budget = min(MAX_UNPACKED_BYTES, UNPACK_RATIO * size + 1024 * 1024)
    try:
        with zipfile.ZipFile(source) as archive:
            wanted = [m for m in archive.infolist() if _backup_file(m)]
            if not any(Path(m.filename).name == 'snapshot.json' for m in wanted):
                raise DomainError('backup_bad_zip')
            for member in wanted:
                budget -= _inflate(archive, member, into / _place(member), budget)
    except DomainError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError,
            NotImplementedError):  # fmt: skip
        raise DomainError('backup_bad_zip') from None
    return into


def _zip_folder(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, 'w', zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob('*')):
            if path.is_file():
                archive.write(path, f'{folder.name}/{path.relative_to(folder)}')


def _backup_file(member: zipfile.ZipInfo) -> bool:
    """One of the files a backup holds, at the top or in one folder (a kept file under its `files/ab/` in
    there); a link or anything else is refused."""
    if (member.external_attr >> 16) & 0o170000 == 0o120000:  # a symbolic link
        raise DomainError('backup_bad_zip')
    parts = member.filename.replace('\\', '/').split('/')
    if member.is_dir():
        return False
    if any(p in ('', '.', '..') for p in parts):
        raise DomainError('backup_bad_zip')
    if _kept_file(parts[-3:]):
        return len(parts) <= 4
    if parts[-1] not in BACKUP_FILES:
        return False
    if len(parts) > 2:
        raise DomainError('backup_bad_zip')
    return True


def _kept_file(tail: list[str]) -> bool:
    """`files/3f/3f2a…9c.png` (or `private/3f/…`): a file the store keeps by content (store/files.py)."""
    folders = (files.FOLDER, files.PRIVATE)
    return len(tail) == 3 and tail[0] in folders and bool(files.NAME.fullmatch(tail[2])) and tail[2][:2] == tail[1]


def _place(member: zipfile.ZipInfo) -> Path:
    """Where an entry goes in the unpacked folder: a kept file in its `files/ab/` (or `private/ab/`), anything else
    at the top."""
    parts = member.filename.replace('\\', '/').split('/')
    return Path(*parts[-3:]) if _kept_file(parts[-3:]) else Path(parts[-1])


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Write one entry out, refusing it once it inflates past what is left of `budget`; returns its size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(member) as source, open(target, 'wb') as out:  # reading to the end checks the CRC
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > budget:
                raise DomainError('backup_bad_zip')
            out.write(chunk)
    return written
