"""Her language is a cookie of ours (`berdaya_lang`), read for every request; the server keeps nothing per visitor.

The frame's switch goes through `GET /bahasa/{lang}?ke=<the page>`, which sets the cookie and sends her back; the
log-in form's switch (`?lang=`) sets it when she logs in. NiceGUI's session cookie and its per-visitor storage are
not used: each cookie-less visit (a link-preview robot, a refresh storm) made one and kept it (issue 21).
"""

from __future__ import annotations

import pytest
from nicegui import app
from nicegui.testing import User

from ui.i18n import t

from .conftest import COORDINATOR, KUE_TRAINEE, log_in, open_as

pytestmark = pytest.mark.demo


async def test_the_switch_sets_the_cookie_and_goes_back_to_her_page(user: User) -> None:
    response = await user.http_client.get('/bahasa/en', params={'ke': '/progress?tab=2'})

    assert response.status_code == 303 and response.headers['location'] == '/progress?tab=2'
    cookie = response.headers['set-cookie']
    assert cookie.startswith('berdaya_lang=en;') and 'Max-Age=31536000' in cookie and 'SameSite=lax' in cookie
    assert 'HttpOnly' not in cookie  # the old-browser notice reads it in the page (ui/i18n.old_browser_script)


@pytest.mark.parametrize('away', ['//evil.example/x', 'https://evil.example', '/\\evil.example', ''])
async def test_the_switch_goes_nowhere_but_this_site(user: User, away: str) -> None:
    response = await user.http_client.get('/bahasa/en', params={'ke': away})
    assert response.headers['location'] == '/'


async def test_an_unknown_language_changes_nothing(user: User) -> None:
    response = await user.http_client.get('/bahasa/fr', params={'ke': '/'})
    assert response.status_code == 303 and 'set-cookie' not in response.headers


async def test_her_pages_and_their_handlers_speak_what_she_chose(user: User) -> None:
    await open_as(user, KUE_TRAINEE)
    await user.should_see(t('nav.progress', 'id'))
    user.find(marker='switch-language').click()
    await user.should_see(t('nav.progress', 'en'))  # the same page again, in English
    assert user.client.request.url.path == '/'
    user.find(marker='nav-usaha').click()
    await user.should_see(t('nav.business', 'en'))
    user.find(marker='switch-language').click()  # and back
    await user.should_see(t('nav.business', 'id'))
    await user.should_not_see(t('nav.progress', 'en'))


async def test_the_log_in_forms_language_follows_her_in(user: User) -> None:
    user.http_client.cookies.clear()
    response = await user.http_client.post(
        '/login', params={'lang': 'en'}, data={'username': COORDINATOR[0], 'password': COORDINATOR[1], 'next': '/'}
    )
    assert response.status_code == 303 and 'berdaya_lang=en' in response.headers.get_list('set-cookie')[-1]
    await user.open('/')
    await user.should_see(t('nav.programmes', 'en'))


async def test_a_visit_leaves_no_session_or_storage_behind(user: User) -> None:
    assert await log_in(user, *KUE_TRAINEE) == 303
    before = len(app.storage._users)
    for _ in range(5):
        user.http_client.cookies.delete('session')  # as a robot or a phone in a storm: no cookie kept
        response = await user.http_client.get('/')
        assert response.status_code == 200 and 'session' not in response.cookies
    assert len(app.storage._users) == before
