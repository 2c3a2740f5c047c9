"""A page whose signal drops says what still works, links the offline page, and answers taps with a notice.

The User fixture has no socket to drop: these read what every page carries for that moment (the popup's texts,
the link, the constant script). tests/test_screen_signal.py drops the signal in real Chromium.
"""

from __future__ import annotations

import pytest
from nicegui.testing import User

from ui.i18n import t
from ui.signal import SCRIPT, SERVER_TAPS

from .conftest import COORDINATOR, KWT_TRAINEE, log_in

pytestmark = pytest.mark.demo


async def page_html(user: User, who: tuple[str, str], path: str = '/') -> str:
    assert await log_in(user, *who) == 303
    return (await user.http_client.get(path)).text


async def test_her_page_says_what_still_works_and_links_the_offline_page(user: User) -> None:
    html = await page_html(user, KWT_TRAINEE)

    assert t('signal.works_offline', 'id') in html
    assert '"link": "Catat tanpa sinyal"' in html and 'a.href="/offline"' in html and SCRIPT in html
    assert t('signal.needs_server', 'id') in html and html.count('Tidak ada sinyal: ') == 1
    assert 'Koneksi terputus' in html and 'Connection lost' not in html


async def test_staff_pages_say_what_is_safe_without_an_offline_link(user: User) -> None:
    html = await page_html(user, COORDINATOR, '/programmes')

    assert t('signal.works_staff', 'id') in html
    assert '"link": ""' in html  # the offline page keeps a trainee's sales, nothing of hers
    assert t('signal.needs_server', 'id') in html


async def test_the_banner_speaks_english_after_she_switches(user: User) -> None:
    assert await log_in(user, *KWT_TRAINEE) == 303
    await user.open('/')
    user.find(marker='switch-language').click()
    await user.should_see(t('nav.progress', 'en'))  # her home again, in English
    html = (await user.http_client.get('/')).text

    assert 'Connection lost' in html and t('signal.works_offline', 'en') in html
    assert t('pwa.offline_title', 'en') in html and t('signal.works_offline', 'id') not in html
    assert 'Koneksi terputus' in html  # NiceGUI's template, before the script puts hers in


def test_the_script_is_constant_and_guards_only_server_taps() -> None:
    # The only data the script carries is our texts as JSON; its code has no place a person's text could enter.
    assert 'JSON.parse(document.getElementById("signal-texts").textContent)' in SCRIPT
    assert '.q-btn' in SERVER_TAPS and 'a[href]' not in SERVER_TAPS  # links (the offline page) still work
    assert 'closest("#popup")' in SCRIPT
