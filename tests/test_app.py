"""The skeleton as a user meets it: home page, language switch, health check."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from nicegui.testing import User

from store import Store
from ui import __version__

from .conftest import COORDINATOR, KUE_TRAINEE, open_as

KUE, KWT = 'Pelatihan Aneka Kue bagi PMI Purna', 'Budidaya Cabai untuk KWT PMI Purna'
HOMES = {  # who: (what her home shows, what it must not show)
    'visitor': (None, ['Berdaya', 'Masuk'], [KUE, KWT]),
    'coordinator': (COORDINATOR, ['Pelatihan', KUE, KWT, 'Hari ini: hari ke-1 dari 5', 'Beranda'], []),  # kue: today
    'trainee': (KUE_TRAINEE, ['Halo, Siti Nurhayati', KUE], [KWT]),
}


@pytest.mark.demo
@pytest.mark.parametrize('who', list(HOMES))
async def test_each_home_shows_the_programmes_she_may_see_and_no_other(user: User, who: str) -> None:
    """The visitor sees the welcome and the log-in but no programme; the coordinator both demo programmes;
    the trainee only her own."""
    account, seen, unseen = HOMES[who]
    if account is None:
        await user.open('/')
    else:
        await open_as(user, account)
    for text in seen:
        await user.should_see(text)
    for text in unseen:
        await user.should_not_see(text)


@pytest.mark.demo
async def test_language_switch_to_english_and_back(user: User) -> None:
    await open_as(user, COORDINATOR)
    user.find('EN').click()
    await user.should_see('All programmes')
    await user.should_see('Today: day 1 of 5')
    await user.should_not_see('Beranda')
    user.find('ID').click()
    await user.should_see('Beranda')


async def test_health_answers_with_version(user: User) -> None:
    response = await user.http_client.get('/api/health')
    assert response.status_code == 200
    assert response.headers['content-type'].startswith('application/json')
    assert response.json() == {'status': 'ok', 'version': __version__}


async def test_a_shutdown_during_demo_seeding_frees_the_data_folder(
    berdaya_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NiceGUI cancels start-up when the app stops early; the half-seeded store must not stay open."""
    from ui import app as app_module
    from ui.runtime import runtime
    from ui.settings import Settings

    seeding = asyncio.Event()

    async def endless_seed(store: Store, today: object) -> bool:
        seeding.set()
        await asyncio.Event().wait()
        return True

    monkeypatch.setenv('BERDAYA_DEMO', 'true')
    runtime.reset(Settings())
    import store.demo  # imported by the start-up only with the demo on: patched where it is looked up

    monkeypatch.setattr(store.demo, 'seed_demo', endless_seed)
    start = asyncio.ensure_future(app_module._open_store())
    await asyncio.wait_for(seeding.wait(), 10)
    start.cancel()
    with pytest.raises(asyncio.CancelledError):
        await start
    assert not runtime.is_open
    store = await Store.open(berdaya_env)  # not StoreLocked: the cancelled start-up let go of it
    await store.close()
