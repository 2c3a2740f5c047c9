"""Log-in, lockout, sessions and log-out, through the plain form and the JSON route."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nicegui.testing import User

from models.account import Account
from store.accounts import find_account
from ui import auth
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, KUE_TRAINEE, OTHER_INSTRUCTOR, log_in, open_as

pytestmark = pytest.mark.demo


async def test_login_form_is_plain_html_with_autofill_fields(user: User) -> None:
    response = await user.http_client.get('/login')
    assert response.status_code == 200
    assert 'name="username"' in response.text and 'autocomplete="username"' in response.text
    assert 'name="password"' in response.text and 'autocomplete="current-password"' in response.text
    # works before any JavaScript arrives: a plain POST form, nothing fetched; its one inline script only
    # turns the PIN field to the number pad (tests/test_screen_first_screenful.py)
    assert '<form method="post"' in response.text and '<script src' not in response.text
    assert response.text.count('<script') == 1
    assert 'Masuk' in response.text


async def test_trainee_logs_in_with_phone_in_any_spelling(user: User, no_wait: list[float]) -> None:
    for spelling in ('0812 0000 0001', '0812-0000-0001', '6281200000001', '+62 812-0000-0001'):
        user.http_client.cookies.clear()
        response = await user.http_client.post('/login', data={'username': spelling, 'password': '123456'})
        assert response.status_code == 303, spelling
        assert response.headers['location'] == '/'
    await user.open('/')
    await user.should_see('Halo, Siti Nurhayati')


async def test_wrong_pin_shows_message_in_indonesian(user: User, no_wait: list[float]) -> None:
    response = await user.http_client.post('/login', data={'username': KUE_TRAINEE[0], 'password': '000000'})
    assert response.status_code == 401
    assert 'PIN/kata sandi salah' in response.text
    assert 'value="081200000001"' in response.text  # she need not type her number again


async def test_english_login_form_and_message(user: User, no_wait: list[float]) -> None:
    response = await user.http_client.post('/login?lang=en', data={'username': 'nobody', 'password': 'x'})
    assert response.status_code == 401
    assert 'Wrong phone/username' in response.text
    assert 'Phone number or username' in response.text and 'PIN or password' in response.text  # the form, too
    assert 'Masuk' not in response.text


async def test_session_cookie_is_httponly_and_lax(user: User, no_wait: list[float]) -> None:
    response = await user.http_client.post('/login', data={'username': COORDINATOR[0], 'password': COORDINATOR[1]})
    cookie = response.headers['set-cookie'].lower()
    assert 'httponly' in cookie and 'samesite=lax' in cookie and 'secure' not in cookie


async def test_session_cookie_is_secure_behind_https(user: User, no_wait: list[float]) -> None:
    response = await user.http_client.post(
        '/api/login',
        json={'username': COORDINATOR[0], 'password': COORDINATOR[1]},
        headers={'x-forwarded-proto': 'https'},
    )
    assert response.status_code == 200
    assert 'secure' in response.headers['set-cookie'].lower()


async def test_trainee_session_lasts_30_days_staff_12_hours(user: User, no_wait: list[float]) -> None:
    trainee = await user.http_client.post('/api/login', json={'username': KUE_TRAINEE[0], 'password': '123456'})
    staff = await user.http_client.post('/api/login', json={'username': INSTRUCTOR[0], 'password': INSTRUCTOR[1]})
    assert f'max-age={30 * 24 * 3600}' in trainee.headers['set-cookie'].lower()
    assert f'max-age={12 * 3600}' in staff.headers['set-cookie'].lower()


async def test_five_wrong_tries_lock_the_account_with_a_clear_message(user: User, no_wait: list[float]) -> None:
    for _ in range(4):
        assert await log_in(user, KUE_TRAINEE[0], '999999') == 401
    fifth = await user.http_client.post('/login', data={'username': KUE_TRAINEE[0], 'password': '999999'})
    right_pin_now = await user.http_client.post('/login', data={'username': KUE_TRAINEE[0], 'password': '123456'})
    assert fifth.status_code == 429
    assert 'dikunci 15 menit' in fifth.text
    assert right_pin_now.status_code == 429  # locked means locked, even with the right PIN


async def test_one_trainees_typos_do_not_lock_her_classmate(user: User, no_wait: list[float]) -> None:
    for _ in range(5):
        await log_in(user, KUE_TRAINEE[0], '999999')
    assert await log_in(user, '081200000002', '123456') == 303


async def test_a_busy_address_is_slowed_down_never_locked(user: User, no_wait: list[float]) -> None:
    # A whole classroom on one hotspot: 15 trainees, two typos each (30 failures) from one address.
    for n in range(1, 16):
        for _ in range(2):
            await log_in(user, f'0812000000{n:02d}', '000000')
    assert no_wait == []  # nobody was slowed while the count built up
    status = await log_in(user, '081300000005', '123456')  # another member, right PIN, same address
    assert status == 303
    assert no_wait == [auth.ADDRESS_DELAY_SECONDS]


async def test_lock_survives_a_restart(user: User, no_wait: list[float]) -> None:
    for _ in range(5):
        await log_in(user, KUE_TRAINEE[0], '999999')
    store = runtime.store
    folder = store.folder
    await store.close()
    from store import Store

    reopened = await Store.open(folder)
    try:
        account = find_account(reopened, KUE_TRAINEE[0])
        assert account is not None and account.locked(dt.datetime.now(dt.UTC))
    finally:
        await reopened.close()
        runtime.opened(await Store.open(folder))  # hand the app a store again for its shutdown


async def test_coordinator_unlock_clears_the_lock(user: User, no_wait: list[float]) -> None:
    from store.accounts import unlock

    for _ in range(5):
        await log_in(user, KUE_TRAINEE[0], '999999')
    account = find_account(runtime.store, KUE_TRAINEE[0])
    assert account is not None
    await unlock(runtime.store, account.id)
    assert await log_in(user, *KUE_TRAINEE) == 303


async def test_disabled_account_cannot_log_in(user: User, no_wait: list[float]) -> None:
    store = await runtime.ready()
    account = find_account(store, OTHER_INSTRUCTOR[0])
    assert account is not None
    await store.put(account.model_copy(update={'disabled': True}))
    response = await user.http_client.post(
        '/login', data={'username': OTHER_INSTRUCTOR[0], 'password': OTHER_INSTRUCTOR[1]}
    )
    assert response.status_code == 401
    assert 'dinonaktifkan' in response.text


async def test_logout_ends_the_session_everywhere_it_is_used(user: User, no_wait: list[float]) -> None:
    await open_as(user, KUE_TRAINEE)
    await user.should_see('Halo, Siti Nurhayati')

    response = await user.http_client.post('/logout')

    assert response.status_code == 303 and response.headers['location'] == '/login'
    api = await user.http_client.get('/api/programmes')
    assert api.status_code == 401
    await user.open('/')
    await user.should_not_see('Halo, Siti Nurhayati')


async def test_logout_button_in_the_frame_ends_the_session(user: User, no_wait: list[float]) -> None:
    await open_as(user, COORDINATOR)
    assert (await user.http_client.get('/api/programmes')).status_code == 200

    user.find(marker='logout').click()

    await _until_logged_out(user)


async def _until_logged_out(user: User) -> None:
    for _ in range(50):
        if (await user.http_client.get('/api/programmes')).status_code == 401:
            return
        await asyncio.sleep(0.02)
    raise AssertionError('still logged in')


async def test_next_parameter_never_leaves_the_site(user: User, no_wait: list[float]) -> None:
    for target in ('//evil.example/x', 'https://evil.example', '/\\evil.example'):
        response = await user.http_client.post(
            '/login', data={'username': COORDINATOR[0], 'password': COORDINATOR[1], 'next': target}
        )
        assert response.headers['location'] == '/'


async def test_api_login_gives_the_role_or_401_for_a_wrong_password_or_422_for_bad_json(
    user: User, no_wait: list[float]
) -> None:
    ok = await user.http_client.post('/api/login', json={'username': 'koordinator', 'password': 'demo1234'})
    wrong = await user.http_client.post('/api/login', json={'username': 'koordinator', 'password': 'salah123'})
    malformed = await user.http_client.post('/api/login', content=b'{"username": 5')
    assert ok.status_code == 200 and ok.json()['role'] == 'koordinator'
    assert wrong.status_code == 401 and 'salah' in wrong.json()['error']
    assert malformed.status_code == 422


async def test_api_login_locks_with_429(user: User, no_wait: list[float]) -> None:
    for _ in range(5):
        await user.http_client.post('/api/login', json={'username': INSTRUCTOR[0], 'password': 'wrongpass'})
    locked = await user.http_client.post('/api/login', json={'username': INSTRUCTOR[0], 'password': INSTRUCTOR[1]})
    assert locked.status_code == 429
    assert 'menit' in locked.json()['error']


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=300),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.fixed_dictionaries({'username': _json_values, 'password': _json_values}).map(
            lambda d: __import__('json').dumps(d).encode()
        ),
    )
)
async def test_api_login_never_answers_500(user: User, no_wait: list[float], body: bytes) -> None:
    response = await user.http_client.post('/api/login', content=body, headers={'content-type': 'application/json'})
    assert response.status_code in (401, 422, 429)
    assert 'error' in response.json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=st.text(max_size=400), password=st.text(max_size=400))
async def test_login_form_never_answers_500(user: User, no_wait: list[float], username: str, password: str) -> None:
    response = await user.http_client.post('/login', data={'username': username, 'password': password})
    if '\x00' in username + password:  # no keyboard types it: the form is refused whole, in words
        assert response.status_code == 400
        assert 'Isian tidak bisa dibaca' in response.text
    else:
        assert response.status_code in (401, 429)


def test_account_rules_lock_after_five_failures() -> None:
    now = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
    account = Account(username='instruktur', name='Yanti', role='instruktur', secret_hash='x' * 30)
    for _ in range(4):
        account = account.after_failure(now)
    assert not account.locked(now)
    account = account.after_failure(now)
    assert account.locked(now)
    assert account.minutes_locked(now) == 15
    assert not account.locked(now + dt.timedelta(minutes=15))
