"""Settings from `BERDAYA_*` environment variables, overridden by the command line."""

from __future__ import annotations

import functools
import ipaddress
import os
import secrets
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = 'secret.key'


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix='BERDAYA_')

    data: Path = Path('data')
    # PostgreSQL as the store's durable engine (store/pg_engine.py): the tenant's documents and files live there,
    # `data` keeps only this machine's daily backups. Empty: the data folder's own files, as always.
    database_url: str = ''
    tenant: str = 'default'  # one agency: one tenant, one writer process (another waits with --standby)
    host: str = '0.0.0.0'
    port: int = Field(default=8080, ge=1, le=65535)
    secret: str = ''  # signs check-in codes and sessions; empty: generated once and kept in the data folder
    demo: bool = False  # seed the two founding cases into an empty store
    reconnect_timeout: float = 30.0  # seconds a page waits for a phone to come back before it is dropped
    # seconds a page's view waits for its socket to open at all before it is dropped (ui/views.py)
    view_grace: float = Field(default=15.0, gt=0)
    cache: Path = Path.home() / '.cache' / 'berdaya'  # compressed static files, made once (see ui/static.py)
    # Proxies in front of the app whose X-Forwarded-For is believed (addresses or networks, comma-separated);
    # none by default: then the header is ignored, so nobody can pick the address the log-in slow-down sees.
    trusted_proxies: str = ''

    @field_validator('trusted_proxies')
    @classmethod
    def _networks(cls, value: str) -> str:
        for part in value.split(','):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)  # a ValueError names the bad entry
        return value


def trusted_networks(settings: Settings) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _networks_of(settings.trusted_proxies)


@functools.cache
def _networks_of(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in value.split(',') if part.strip())


def signing_secret(settings: Settings) -> str:
    """`BERDAYA_SECRET`, else the one kept in the data folder (on PostgreSQL: the tenant's), made on first start."""
    if settings.secret:
        return settings.secret
    if settings.database_url:  # every process of the tenant, on any machine, signs with the one kept there
        from store.postgres import tenant_secret

        return tenant_secret(settings.database_url, settings.tenant, lambda: secrets.token_urlsafe(32))
    path = settings.data / SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    settings.data.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'w') as handle:
        handle.write(value + '\n')
        handle.flush()
        os.fsync(handle.fileno())
    return value
