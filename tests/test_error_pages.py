"""A wrong address or a failed page answers with our page, in her language, with a way home: never NiceGUI's
English "This page doesn't exist" nor the failure's text."""

from __future__ import annotations

import httpx
from fastapi import HTTPException
from nicegui import app, ui
from nicegui.testing import User


async def test_an_unknown_address_is_our_404_in_indonesian_with_a_way_home(user: User) -> None:
    response = await user.http_client.get('/tidak-ada')

    assert response.status_code == 404
    assert 'Halaman tidak ditemukan' in response.text and 'href="/"' in response.text
    assert "doesn't exist" not in response.text and 'Not Found' not in response.text
    assert response.headers['x-frame-options'] == 'DENY'


async def test_the_404_follows_her_language_cookie(user: User) -> None:
    user.http_client.cookies.set('berdaya_lang', 'en')

    response = await user.http_client.get('/no/such/page')

    assert response.status_code == 404
    assert 'Page not found' in response.text and 'lang="en"' in response.text


async def test_a_page_that_finds_nothing_answers_our_404(user: User) -> None:
    @ui.page('/test-kosong')
    def empty() -> None:
        raise HTTPException(404, 'no such record')

    response = await user.http_client.get('/test-kosong')

    assert response.status_code == 404
    assert 'Halaman tidak ditemukan' in response.text and 'no such record' not in response.text


async def test_an_unknown_api_path_answers_json_in_her_language(user: User) -> None:
    response = await user.http_client.get('/api/no-such-thing')

    assert response.status_code == 404
    assert response.json() == {'error': 'Halaman tidak ditemukan'}


async def test_a_failed_page_is_our_500_without_the_failure_text(user: User) -> None:
    @ui.page('/test-gagal')
    def failing() -> None:
        raise RuntimeError('secret detail of the failure')

    transport = httpx.ASGITransport(app, raise_app_exceptions=False)  # the server raises it again for its log
    async with httpx.AsyncClient(transport=transport, base_url='http://test') as client:
        response = await client.get('/test-gagal')

    assert response.status_code == 500
    assert 'Halaman gagal dibuka' in response.text and 'href="/"' in response.text
    assert 'secret detail' not in response.text and 'RuntimeError' not in response.text
    assert 'Server error' not in response.text
    assert response.headers['content-security-policy']
