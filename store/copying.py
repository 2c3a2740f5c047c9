"""Whole stores moved between engines: `berdaya copy`, and backups and restores of a tenant on PostgreSQL.

A place is a data folder (a path) or a tenant on PostgreSQL (a `postgresql://` URL and a tenant name). Every move
reads the source's durable state whole and consistent (the folder's snapshot and journal, or one snapshot of the
database while its writer goes on), writes it into the target, and reads the target back: the copy is good when
both sides hold the same number of documents with the same digest (`digest`); when they do not, the copy fails
naming the first document that differs. A target that holds a store is refused unless `force`, before anything is
written; then what it held is moved aside, never deleted (a folder's snapshot and journal into its
`replaced-<time>/`, a tenant's documents and files to the tenant `<tenant>.replaced-<time>`).

A backup of a tenant is the folder a backup of a data folder is (snapshot, signing secret, kept files), so it
restores into either engine.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import files, snapshot
from .backup_folder import SECRET_NAME, carry_trail_into, locked_folder, move_aside, read_folder, write_backup
from .errors import StoreError
from .inplace import Tables
from .journal import PREFIX as JOURNAL_PREFIX


@dataclass(frozen=True)
class Place:
    """A data folder (`folder`) or a tenant on PostgreSQL (`url` and `tenant`)."""

    folder: Path | None = None
    url: str = ''
    tenant: str = 'default'

    @classmethod
    def of(cls, text: str, tenant: str = 'default') -> Place:
        if text.startswith(('postgresql://', 'postgres://')):
            return cls(url=text, tenant=tenant)
        return cls(folder=Path(text))

    def __str__(self) -> str:
        if self.folder is not None:
            return str(self.folder)
        from .postgres import shown_url

        return f'{shown_url(self.url)} (tenant {self.tenant})'


@dataclass(frozen=True)
class Copied:
    documents: int
    tables: int
    files: int
    digest: str
    moved: str | None  # where the target's earlier store was moved, if it held one


def digest(tables: Tables) -> tuple[int, int, str]:
    """(documents, tables holding any, sha256) of a store's documents, independent of order and of how each
    engine writes JSON: the same records give the same digest on both sides of a copy."""
    sha = hashlib.sha256()
    documents = kinds = 0
    for table in sorted(name for name, docs in tables.items() if docs):
        kinds += 1
        for doc_id in sorted(tables[table]):
            documents += 1
            sha.update(json.dumps([table, doc_id, tables[table][doc_id]], sort_keys=True).encode())
            sha.update(b'\n')
    return documents, kinds, sha.hexdigest()


def copy_store(source: Place, target: Place, *, force: bool = False) -> Copied:
    """`berdaya copy`: the source's documents, signing secret and files into the target, checked on both sides."""
    if source == target:
        raise StoreError('copy_same_place', place=str(source))
    with _files_of(source) as source_files:
        tables, seq, secret = _read(source)
        count, kinds, sha = digest(tables)
        moved = _write(target, tables, seq, secret, source_files, force=force)
    written, _seq, _secret = _read(target)
    if digest(written) != (count, kinds, sha):
        table, doc_id = _first_difference(tables, written)
        raise StoreError(
            'copy_mismatch', source=str(source), target=str(target), table=table, id=doc_id,
            source_count=count, target_count=sum(len(docs) for docs in written.values()),
        )  # fmt: skip
    with _files_of(source) as before, _files_of(target) as after:
        kept = [(name, private) for private in (False, True) for name in files.names(before, private=private)]
        missing = [name for name, private in kept if name not in set(files.names(after, private=private))]
    if missing:
        raise StoreError('copy_file_missing', source=str(source), target=str(target), name=missing[0])
    return Copied(count, kinds, len(kept), sha, moved)


def backup_postgres(url: str, tenant: str, target: Path) -> int:
    """`berdaya backup` of a tenant: its consistent copy as a backup folder; returns the sequence number."""
    place = Place(url=url, tenant=tenant)
    tables, seq, secret = _read(place)
    with _files_of(place) as kept:
        write_backup(target, tables, seq, kept, secret=secret)
    return seq


def restore_postgres(backup: Path, url: str, tenant: str, *, force: bool = False, database: Any = None) -> str | None:
    """`berdaya restore` into a tenant: refused while its writer runs (unless this process is it and passes its
    `database`), and for a tenant that holds documents unless `force`; then they are moved to a tenant of their
    own (returned) and the trail's entries the backup does not hold are carried over, as on a folder."""
    from .postgres import Database

    tables, seq = read_folder(backup)
    secret = (backup / SECRET_NAME).read_text().strip() if (backup / SECRET_NAME).exists() else None
    db = database or Database(url, tenant)
    try:
        if database is None:
            db.refuse_if_locked()
        current, _seq, _secret = db.read_all()
        if any(current.values()):
            if not force:
                raise StoreError('restore_target_not_empty', folder=tenant)
            carry_trail_into(tables, current)
        with _attached(db) as kept:
            files.copy_all(backup, kept)  # files first: a record never names a file that is not there
        return db.replace_all(tables, seq, secret, force=force)
    finally:
        if database is None:
            db.close()


# ---- reading and writing a place ---------------------------------------------------------------------------------


def _first_difference(tables: Tables, written: Tables) -> tuple[str, str]:
    """The first (table, id), in the digest's order, that the two sides do not hold the same."""
    for table in sorted(set(tables) | set(written)):
        ours, theirs = tables.get(table, {}), written.get(table, {})
        for doc_id in sorted(set(ours) | set(theirs)):
            if _canonical(ours.get(doc_id)) != _canonical(theirs.get(doc_id)):
                return table, doc_id
    return '', ''


def _canonical(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True)


def _read(place: Place) -> tuple[Tables, int, str | None]:
    if place.folder is not None:
        if not (place.folder / snapshot.NAME).exists() and not any(place.folder.glob(f'{JOURNAL_PREFIX}*')):
            raise StoreError('backup_no_store', folder=str(place.folder))
        tables, seq = read_folder(place.folder)
        secret_file = place.folder / SECRET_NAME
        return tables, seq, secret_file.read_text().strip() if secret_file.exists() else None
    from .postgres import Database

    db = Database(place.url, place.tenant)
    try:
        return db.read_all()
    finally:
        db.close()


def _write(
    target: Place, tables: Tables, seq: int, secret: str | None, source_files: Path, *, force: bool
) -> str | None:
    if target.folder is not None:
        return _write_folder(target.folder, tables, seq, secret, source_files, force=force)
    from .postgres import Database

    db = Database(target.url, target.tenant)
    try:
        db.refuse_if_locked()
        if db.count() and not force:
            raise StoreError('copy_target_not_empty', target=str(target), aside=f'{target.tenant}.replaced-…')
        with _attached(db) as kept:
            files.copy_all(source_files, kept)
        return db.replace_all(tables, seq, secret, force=force)
    finally:
        db.close()


def _write_folder(
    folder: Path, tables: Tables, seq: int, secret: str | None, source_files: Path, *, force: bool
) -> str | None:
    with locked_folder(folder) as existing:
        moved = None
        if existing:
            if not force:
                raise StoreError('copy_target_not_empty', target=str(folder), aside=str(folder / 'replaced-…'))
            moved = move_aside(folder, existing)
        files.copy_all(source_files, folder)
        snapshot.write_atomic(folder, snapshot.encode(tables, seq))
        if secret is not None:
            (folder / SECRET_NAME).write_text(secret + '\n')
            (folder / SECRET_NAME).chmod(0o600)
        snapshot.fsync_folder(folder)
    return str(moved) if moved else None


@contextmanager
def _files_of(place: Place) -> Iterator[Path]:
    """A folder key the files module reads the place's files through (a tenant's: from its database)."""
    if place.folder is not None:
        yield place.folder
        return
    from .postgres import Database

    db = Database(place.url, place.tenant)
    try:
        with _attached(db) as key:
            yield key
    finally:
        db.close()


@contextmanager
def _attached(db: Any) -> Iterator[Path]:
    key = Path(f'/postgresql-{secrets.token_hex(8)}')  # never a real folder: only a key for store/files.py
    files.attach(key, db)
    try:
        yield key
    finally:
        files.detach(key, db)
