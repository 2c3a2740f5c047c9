"""The skeleton as a user meets it: home page, language switch, health check."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from ui import __version__


@pytest.mark.demo
async def test_home_shows_indonesian_title_and_demo_programmes(user: User) -> None:
    await user.open('/')
    await user.should_see('Pelatihan')
    await user.should_see('Pelatihan Aneka Kue bagi PMI Purna')
    await user.should_see('Budidaya Cabai untuk KWT PMI Purna')
    await user.should_see('Hari ini: hari ke-1 dari 5')  # the kue course starts today
    await user.should_see('Beranda')


async def test_empty_store_says_there_are_no_programmes(user: User) -> None:
    await user.open('/')
    await user.should_see('Belum ada pelatihan.')


@pytest.mark.demo
async def test_language_switch_to_english_and_back(user: User) -> None:
    await user.open('/')
    user.find('EN').click()
    await user.should_see('Programmes')
    await user.should_see('Today: day 1 of 5')
    await user.should_not_see('Beranda')
    user.find('ID').click()
    await user.should_see('Beranda')


async def test_health_answers_with_version(user: User) -> None:
    response = await user.http_client.get('/api/health')
    assert response.status_code == 200
    assert response.headers['content-type'].startswith('application/json')
    assert response.json() == {'status': 'ok', 'version': __version__}
