"""The programme page's cards that are one element each (ui/elements): a day's card and a day's skills. What their
buttons send reaches the server as a tap would, and only for what the card shows."""

from __future__ import annotations

from typing import Any

import pytest
from nicegui.element import Element
from nicegui.testing import User

from store.skills import curriculum, day_skills
from ui.runtime import runtime

from .conftest import COORDINATOR, demo_day, kue_day, only, open_as

pytestmark = pytest.mark.demo


def tap_in(element: Element, event: str, args: Any = None) -> None:
    """What `element`'s component sends the server when she taps one of its buttons: `event`, with `args`."""
    listener = next(listener for listener in element._event_listeners.values() if listener.type == event)
    element._handle_event({'listener_id': listener.id, 'args': args})


async def test_a_days_roster_button_opens_that_days_roster(user: User) -> None:
    programme, _ = await kue_day()
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}')
    tap_in(only(user, 'day-2'), 'roster')
    await user.should_see(marker='roster')
    assert user.back_history[-1] == f'/days/{demo_day(runtime.store, programme, 2).id}'


async def test_a_tap_on_a_placed_skill_takes_it_off_that_day(user: User) -> None:
    programme, day = await kue_day()
    first, *rest = day_skills(runtime.store, day.id)
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}')
    await user.should_see(first.name)
    tap_in(only(user, 'curriculum-day-1'), 'remove', first.id)
    await user.should_not_see(marker=f'placed-{first.id}')
    assert [s.id for s in day_skills(runtime.store, day.id)] == [s.id for s in rest]
    await user.should_see(rest[0].name)


async def test_a_day_takes_off_only_a_skill_its_card_shows(user: User) -> None:
    programme, _ = await kue_day()
    before = [(day.id, [s.id for s in skills]) for day, skills in curriculum(runtime.store, programme.id)]
    elsewhere = before[1][1][0]  # a skill of day 2
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}')
    card = only(user, 'curriculum-day-1')
    for sent in (elsewhere, 'no-such-skill', [before[0][1][0]], None):  # another day's, unknown, not even a text
        tap_in(card, 'remove', sent)
    await user.should_see(marker=f'placed-{elsewhere}')
    assert [(day.id, [s.id for s in skills]) for day, skills in curriculum(runtime.store, programme.id)] == before


async def test_the_programmes_documents_are_links_she_downloads_from(user: User) -> None:
    programme, _ = await kue_day()
    await open_as(user, COORDINATOR, f'/programmes/{programme.id}')
    row = only(user, 'doc-all_days_pdf')
    links = row.props['links']
    assert [link['label'] for link in links] == [
        'Daftar hadir semua hari (PDF)', 'Kartu QR peserta (PDF)', 'Rekap kehadiran (Excel)',
        'Rekap kehadiran (CSV)', 'Rekap nilai keterampilan (Excel)',
    ]  # fmt: skip
    for link in links:
        answer = await user.http_client.get(link['url'])
        assert answer.status_code == 200 and answer.content, link['url']
