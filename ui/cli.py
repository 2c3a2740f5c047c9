"""The `berdaya` command: run the app (default), or `backup` / `restore` a data folder.

With `--passphrase-file`, `backup` writes one sealed file (as the screen's download with a passphrase) instead of
a folder, and `restore` opens one; `restore` also takes the screen's plain zip. The passphrase is read from a file,
never from the command line, where other users of the machine and the shell's history would see it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

from models.base import DomainError
from store.backup_folder import backup_folder, check_backup, restore_folder

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
    _run(argv)


def _run(argv: list[str]) -> None:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog='berdaya', description='Berdaya: pelatihan & usaha PMI Purna.')
    parser.add_argument('--demo', action='store_true', help='seed the demo data into an empty store')
    parser.add_argument('--data', type=Path, default=defaults.data, help='data folder (env BERDAYA_DATA)')
    parser.add_argument('--host', default=defaults.host)
    parser.add_argument('--port', type=int, default=defaults.port, help='port (env BERDAYA_PORT)')
    args = parser.parse_args(argv)
    settings = defaults.model_copy(
        update={'data': args.data, 'host': args.host, 'port': args.port, 'demo': args.demo or defaults.demo}
    )
    from .app import run  # imported here so backup/restore start fast and without NiceGUI

    run(settings)


def _data_parser(prog: str, sealed_help: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f'berdaya {prog}')
    parser.add_argument('folder', type=Path)
    parser.add_argument('--data', type=Path, default=Settings().data, help='data folder (env BERDAYA_DATA)')
    parser.add_argument('--passphrase-file', type=Path, help=sealed_help)
    return parser


def _backup(argv: list[str]) -> int:
    sealed_help = 'write one file sealed with the passphrase in this file (FOLDER: the file, or a folder for it)'
    args = _data_parser('backup', sealed_help).parse_args(argv)
    try:
        if args.passphrase_file is None:
            seq = backup_folder(args.data, args.folder)
            print(t('cli.backup_done', folder=str(args.folder), seq=seq))
        else:
            passphrase = backup_seal.read_passphrase(args.passphrase_file)
            print(t('cli.backup_sealed', file=str(backup_file.from_data(args.data, args.folder, passphrase))))
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
        if args.folder.is_file():
            moved = _restore_file(args.folder, args.data, passphrase, force=args.force)
        else:
            moved = _restore_folder(args.folder, args.data, force=args.force)
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 1
    print(t('cli.restore_done', folder=str(args.data)))
    if moved is not None:
        print(t('cli.restore_moved', folder=str(moved)))
    return 0


def _restore_file(file: Path, data: Path, passphrase: str | None, *, force: bool) -> Path | None:
    """A zip the screen downloaded, or a sealed file: opened in a scratch folder, then restored as a folder."""
    with tempfile.TemporaryDirectory(prefix='berdaya-restore-') as temp, open(file, 'rb') as source:
        folder, _ = backup_file.open_file(source, file.stat().st_size, Path(temp) / 'backup', passphrase)
        return _restore_folder(folder, data, force=force)


def _restore_folder(folder: Path, data: Path, *, force: bool) -> Path | None:
    asyncio.run(check_backup(folder))
    return restore_folder(folder, data, force=force)
