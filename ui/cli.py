"""The `berdaya` command: run the app (default), `backup` / `restore` a data folder or a tenant on PostgreSQL, or
`copy` a whole store between the two.

With `--passphrase-file`, `backup` writes one sealed file (as the screen's download with a passphrase) instead of
a folder, and `restore` opens one; `restore` also takes the screen's plain zip. The passphrase is read from a file,
never from the command line, where other users of the machine and the shell's history would see it.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from models.base import DomainError
from store.backup_folder import backup_folder, check_backup, restore_folder
from store.copying import Place, backup_postgres, copy_store, restore_postgres

from . import backup_file, backup_seal
from .i18n import error_text, t
from .settings import Settings


def main(argv: list[str] | None = None) -> None:
    if argv is None:
        # Under NiceGUI's test fixtures main.py runs inside pytest: its argv is not ours.
        testing = 'NICEGUI_USER_SIMULATION' in os.environ or 'NICEGUI_SCREEN_TEST_PORT' in os.environ
        argv = [] if testing else sys.argv[1:]
    if argv[:1] == ['backup']:
        sys.exit(_backup(argv[1:]))
    if argv[:1] == ['restore']:
        sys.exit(_restore(argv[1:]))
    if argv[:1] == ['copy']:
        sys.exit(_copy(argv[1:]))
    _run(argv)


def _run(argv: list[str]) -> None:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog='berdaya', description='Berdaya: pelatihan & usaha PMI Purna.')
    parser.add_argument('--demo', action='store_true', help='seed the demo data into an empty store')
    parser.add_argument('--data', type=Path, default=defaults.data, help='data folder (env BERDAYA_DATA)')
    parser.add_argument('--host', default=defaults.host)
    parser.add_argument('--port', type=int, default=defaults.port, help='port (env BERDAYA_PORT)')
    _database_arguments(parser, defaults)
    parser.add_argument('--standby', action='store_true', help="wait for the tenant's writer to stop, then take over")
    args = parser.parse_args(argv)
    settings = defaults.model_copy(
        update={
            'data': args.data, 'host': args.host, 'port': args.port, 'demo': args.demo or defaults.demo,
            'database_url': args.database_url, 'tenant': args.tenant,
        }
    )  # fmt: skip
    from .app import run  # imported here so backup/restore start fast and without NiceGUI

    try:
        run(settings, standby=args.standby)
    except DomainError as error:  # a second writer of the tenant, a bad tenant name: said, and a non-zero exit
        print(error_text(error), file=sys.stderr)
        sys.exit(1)


def _database_arguments(parser: argparse.ArgumentParser, defaults: Settings) -> None:
    parser.add_argument(
        '--database-url', default=defaults.database_url, help='postgresql://… (env BERDAYA_DATABASE_URL)'
    )
    parser.add_argument('--tenant', default=defaults.tenant, help='the agency on that database (env BERDAYA_TENANT)')


def _data_parser(prog: str, sealed_help: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f'berdaya {prog}')
    parser.add_argument('folder', type=Path)
    parser.add_argument('--data', type=Path, default=Settings().data, help='data folder (env BERDAYA_DATA)')
    parser.add_argument('--passphrase-file', type=Path, help=sealed_help)
    _database_arguments(parser, Settings())
    return parser


def _backup(argv: list[str]) -> int:
    sealed_help = 'write one file sealed with the passphrase in this file (FOLDER: the file, or a folder for it)'
    args = _data_parser('backup', sealed_help).parse_args(argv)
    if args.database_url:
        take: Callable[[Path], int] = functools.partial(backup_postgres, args.database_url, args.tenant)
    else:
        take = functools.partial(backup_folder, args.data)
    try:
        if args.passphrase_file is None:
            print(t('cli.backup_done', folder=str(args.folder), seq=take(args.folder)))
        else:
            passphrase = backup_seal.read_passphrase(args.passphrase_file)
            print(t('cli.backup_sealed', file=str(backup_file.sealed(take, args.folder, passphrase))))
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 1
    return 0


def _restore(argv: list[str]) -> int:
    parser = _data_parser('restore', 'the passphrase of a sealed backup file, in this file')
    parser.add_argument('--force', action='store_true', help='replace existing data (moved aside, not deleted)')
    args = parser.parse_args(argv)
    try:
        passphrase = None if args.passphrase_file is None else backup_seal.read_passphrase(args.passphrase_file)
        into = Place(url=args.database_url, tenant=args.tenant) if args.database_url else Place(folder=args.data)
        if args.folder.is_file():
            moved = _restore_file(args.folder, into, passphrase, force=args.force)
        else:
            moved = _restore_folder(args.folder, into, force=args.force)
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 1
    print(t('cli.restore_done', folder=str(into)))
    if moved is not None:
        print(t('cli.restore_moved', folder=str(moved)))
    return 0


def _restore_file(file: Path, into: Place, passphrase: str | None, *, force: bool) -> Path | str | None:
    """A zip the screen downloaded, or a sealed file: opened in a scratch folder, then restored as a folder."""
    with tempfile.TemporaryDirectory(prefix='berdaya-restore-') as temp, open(file, 'rb') as source:
        folder, _ = backup_file.open_file(source, file.stat().st_size, Path(temp) / 'backup', passphrase)
        return _restore_folder(folder, into, force=force)


def _restore_folder(folder: Path, into: Place, *, force: bool) -> Path | str | None:
    asyncio.run(check_backup(folder))
    if into.folder is None:
        return restore_postgres(folder, into.url, into.tenant, force=force)
    return restore_folder(folder, into.folder, force=force)


def _copy(argv: list[str]) -> int:
    """`berdaya copy --from DATA_DIR --to postgresql://…` and back: the whole store, checked on both sides."""
    parser = argparse.ArgumentParser(prog='berdaya copy')
    parser.add_argument('--from', dest='source', required=True, help='a data folder or a postgresql:// URL')
    parser.add_argument('--to', dest='target', required=True, help='a data folder or a postgresql:// URL')
    parser.add_argument('--tenant', default=Settings().tenant, help='the tenant on the database side')
    parser.add_argument('--force', action='store_true', help='replace a target that holds data (kept aside)')
    args = parser.parse_args(argv)
    source, target = Place.of(args.source, args.tenant), Place.of(args.target, args.tenant)
    try:
        copied = copy_store(source, target, force=args.force)
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 1
    print(
        t(
            'cli.copy_done', documents=copied.documents, tables=copied.tables, files=copied.files,
            source=str(source), target=str(target), digest=copied.digest[:16],
        )
    )  # fmt: skip
    if copied.moved:
        print(t('cli.copy_moved', moved=copied.moved))
    return 0
