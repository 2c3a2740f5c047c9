"""The `berdaya` command: run the app (default), or `backup` / `restore` a data folder."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from models.base import DomainError
from store.backup_folder import backup_folder, check_backup, restore_folder

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


def _data_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f'berdaya {prog}')
    parser.add_argument('folder', type=Path)
    parser.add_argument('--data', type=Path, default=Settings().data, help='data folder (env BERDAYA_DATA)')
    return parser


def _backup(argv: list[str]) -> int:
    args = _data_parser('backup').parse_args(argv)
    try:
        seq = backup_folder(args.data, args.folder)
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 1
    print(t('cli.backup_done', folder=str(args.folder), seq=seq))
    return 0


def _restore(argv: list[str]) -> int:
    parser = _data_parser('restore')
    parser.add_argument('--force', action='store_true', help='replace existing data (moved aside, not deleted)')
    args = parser.parse_args(argv)
    try:
        asyncio.run(check_backup(args.folder))
        moved = restore_folder(args.folder, args.data, force=args.force)
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 1
    print(t('cli.restore_done', folder=str(args.data)))
    if moved is not None:
        print(t('cli.restore_moved', folder=str(moved)))
    return 0
