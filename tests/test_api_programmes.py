"""`GET /api/programmes`: each caller gets her own programmes, with day and participant ids."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, KWT_TRAINEE, OTHER_INSTRUCTOR, her_participant_id, log_in

pytestmark = pytest.mark.demo


async def _names(user: User) -> dict[str, dict]:
    response = await user.http_client.get('/api/programmes')
    assert response.status_code == 200
    return {p['name']: p for p in response.json()['programmes']}


async def test_anonymous_gets_401(user: User) -> None:
    response = await user.http_client.get('/api/programmes')
    assert response.status_code == 401
    assert 'masuk' in response.json()['error'].lower()


async def test_coordinator_gets_every_programme_with_days_and_participants(user: User) -> None:
    await log_in(user, *COORDINATOR)
    programmes = await _names(user)
    kue = programmes['Pelatihan Aneka Kue bagi PMI Purna']
    assert set(programmes) == {'Pelatihan Aneka Kue bagi PMI Purna', 'Budidaya Cabai untuk KWT PMI Purna'}
    assert len(kue['day_ids']) == 5 and len(kue['participant_ids']) == 15


async def test_instructor_gets_only_the_programme_she_teaches(user: User) -> None:
    await log_in(user, *INSTRUCTOR)
    assert set(await _names(user)) == {'Pelatihan Aneka Kue bagi PMI Purna'}


async def test_other_instructor_gets_only_the_kwt(user: User) -> None:
    await log_in(user, *OTHER_INSTRUCTOR)
    assert set(await _names(user)) == {'Budidaya Cabai untuk KWT PMI Purna'}


async def test_trainee_gets_her_programme_and_only_her_own_id(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)
    programmes = await _names(user)
    kue = programmes['Pelatihan Aneka Kue bagi PMI Purna']
    assert set(programmes) == {'Pelatihan Aneka Kue bagi PMI Purna'}
    assert kue['participant_ids'] == [her_participant_id(KUE_TRAINEE[0])]


async def test_kwt_member_gets_the_kwt_programme(user: User) -> None:
    await log_in(user, *KWT_TRAINEE)
    programmes = await _names(user)
    assert set(programmes) == {'Budidaya Cabai untuk KWT PMI Purna'}
    assert len(programmes['Budidaya Cabai untuk KWT PMI Purna']['day_ids']) == 6
