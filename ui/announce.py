"""What the console says once the app is up: where to open it, where its data lives, and with `--demo` the demo's
log-ins (those that still open with the demo's password or PIN), so whoever started it can log in at once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from nicegui import app

from models.account import Account, Role

from .i18n import t
from .runtime import runtime


async def announce() -> None:
    """Print the lines once the store is open (after the demo is seeded)."""
    store = await runtime.ready()
    settings = runtime.settings
    lines = [t('cli.ready', urls=' · '.join(addresses())), t('cli.data_folder', folder=str(settings.data.resolve()))]
    if settings.database_url:
        from store.postgres import shown_url

        lines.append(t('cli.database', database=shown_url(settings.database_url), tenant=settings.tenant))
    if settings.demo:
        from store.demo import demo_logins  # the demo's data: not in a real office's server

        lines += demo_lines(await asyncio.to_thread(demo_logins, store))
    print('\n'.join(lines), flush=True)


def addresses() -> list[str]:
    """The addresses NiceGUI found for this server (this machine first), or the one it was told to listen on."""
    found = sorted(app.urls, key=lambda url: ('localhost' not in url, url))
    host, port = runtime.settings.host, runtime.settings.port
    return found or [f'http://{"localhost" if host == "0.0.0.0" else host}:{port}']


def demo_lines(logins: list[tuple[str, list[Account]]]) -> list[str]:
    """`Koordinator: koordinator · kata sandi demo1234`; trainees' phones in runs: `081200000001 … 081200000015`."""
    lines = [t('cli.demo_logins')] if logins else []
    for secret, accounts in logins:
        for role in Role:
            names = [a.username for a in accounts if a.role == role]
            if names:
                key = 'cli.demo_pin' if role == Role.TRAINEE else 'cli.demo_password'
                lines.append(t(key, role=t(f'role.{role.value}'), names=', '.join(runs(names)), secret=secret))
    return lines


def runs(usernames: Iterable[str]) -> list[str]:
    """Usernames in order, consecutive phone numbers joined into `first … last`."""
    out: list[list[str]] = []
    for name in sorted(usernames):
        last = out[-1][-1] if out else ''
        if last.isdigit() and name.isdigit() and len(name) == len(last) and int(name) == int(last) + 1:
            out[-1].append(name)
        else:
            out.append([name])
    return [run[0] if len(run) == 1 else f'{run[0]} … {run[-1]}' for run in out]
