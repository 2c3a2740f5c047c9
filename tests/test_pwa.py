"""The installable app's files as a phone fetches them: manifest, icons, service worker, offline page, head links."""

from __future__ import annotations

import io
import json
import re

import pytest
from nicegui import app
from nicegui.testing import User
from PIL import Image

from ui.i18n import catalogue
from ui.pwa import HEAD, LINKS, logout_guard

from .conftest import KUE_TRAINEE, log_in


async def test_manifest_is_indonesian_standalone_and_served_as_a_manifest(user: User) -> None:
    response = await user.http_client.get('/manifest.webmanifest')

    assert response.status_code == 200
    assert response.headers['content-type'] == 'application/manifest+json'
    manifest = response.json()
    assert manifest['short_name'] == 'Berdaya' and manifest['name'].startswith('Berdaya')
    assert manifest['lang'] == 'id' and 'Absen' in manifest['description']
    assert (manifest['start_url'], manifest['scope'], manifest['display']) == ('/', '/', 'standalone')
    assert manifest['theme_color'] == '#0f766e'


async def test_manifest_icons_exist_at_their_sizes_with_a_maskable_one(user: User) -> None:
    icons = (await user.http_client.get('/manifest.webmanifest')).json()['icons']

    for icon in icons:
        response = await user.http_client.get(icon['src'])
        assert response.status_code == 200 and response.headers['content-type'] == 'image/png'
        image = Image.open(io.BytesIO(response.content))
        assert f'{image.width}x{image.height}' == icon['sizes']
        assert len(response.content) < 12_000  # a first visit fetches them over a costly connection
    assert {i['sizes'] for i in icons if i['purpose'] == 'any'} == {'192x192', '512x512'}
    maskable = next(i for i in icons if i['purpose'] == 'maskable')
    corner = Image.open(io.BytesIO((await user.http_client.get(maskable['src'])).content)).convert('RGBA')
    assert corner.getpixel((0, 0)) == (15, 118, 110, 255)  # the whole square is teal: masks may cut anywhere


async def test_service_worker_is_served_from_the_root_for_the_whole_site(user: User) -> None:
    response = await user.http_client.get('/sw.js')

    assert response.status_code == 200
    assert response.headers['content-type'].startswith('text/javascript')
    assert response.headers['service-worker-allowed'] == '/'
    assert response.headers['cache-control'] == 'no-cache'
    version = re.search(r"const VERSION = '([0-9a-f]{16})';", response.text)
    assert version is not None and '__' not in response.text


@pytest.mark.parametrize('path', ['/sw.js', '/manifest.webmanifest', '/offline'])
async def test_an_unchanged_file_costs_a_phone_no_body(user: User, path: str) -> None:
    first = await user.http_client.get(path)

    again = await user.http_client.get(path, headers={'If-None-Match': first.headers['etag']})

    assert first.headers['cache-control'] == 'no-cache'
    assert again.status_code == 304 and again.content == b''


async def test_everything_the_worker_keeps_for_offline_is_there(user: User) -> None:
    worker = (await user.http_client.get('/sw.js')).text
    precache = json.loads(re.search(r'const PRECACHE = (\[.*?\]);', worker).group(1))  # type: ignore[union-attr]

    assert '/offline' in precache and '/assets/offline/offline.js' in precache
    for path in precache:
        assert (await user.http_client.get(path)).status_code == 200, path


async def test_the_offline_page_is_plain_indonesian_with_both_languages_for_its_script(user: User) -> None:
    response = await user.http_client.get('/offline')

    assert response.status_code == 200 and response.headers['content-type'].startswith('text/html')
    page = response.text
    assert '<html lang="id">' in page and '_nicegui' not in page  # no framework: it must open with no signal
    for text in ('Catat penjualan', 'Catat pengeluaran', 'Kirim sekarang', 'Catatan di HP ini'):
        assert text in page
    assert '{{' not in page
    texts = json.loads(re.search(r'<script id="texts" type="application/json">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert texts['en']['pwa.sale'] == 'Log a sale' and texts['id']['channel.pasar'] == 'Pasar'
    assert set(texts['id']) == set(texts['en'])


async def test_the_offline_page_carries_an_order_form_beside_the_sale_form(user: User) -> None:
    page = (await user.http_client.get('/offline')).text

    assert page.index('id="open-sale"') < page.index('id="open-order"') < page.index('id="open-expense"')
    for field in ('buyer', 'phone', 'lines', 'date', 'time', 'pickup', 'delivery', 'address', 'dp', 'note', 'sum'):
        assert f'id="order-{field}"' in page, field
    assert 'type="date"' in page and 'type="time" value="10:00"' in page
    for text in ('Catat pesanan', 'Nama pemesan', 'No. WhatsApp pemesan (boleh kosong)', 'Diambil pemesan', 'Diantar'):
        assert text in page
    texts = json.loads(re.search(r'<script id="texts" type="application/json">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert texts['en']['pwa.order'] == 'Log an order'
    refusals = ('need_order_buyer', 'need_phone', 'need_items', 'need_date', 'date_past', 'need_address', 'dp_over')
    for lang in ('id', 'en'):  # what the script says when she must fix something, and the queue's line
        assert all(texts[lang][f'pwa.{key}'] for key in refusals), lang
        shown = set(re.findall(r'{\w+}', texts[lang]['pwa.item_order']))
        assert shown == {'{buyer}', '{items}', '{when}', '{total}', '{dp}'}, lang


@pytest.mark.demo
async def test_every_kind_of_page_links_the_manifest_and_registers_the_worker(user: User) -> None:
    for path in ('/login', '/c/nothing/1/0'):  # the log-in forms have no script at all
        assert LINKS in (await user.http_client.get(path)).text, path
    assert HEAD in (await user.http_client.get('/offline')).text
    await log_in(user, *KUE_TRAINEE)
    for path in ('/', '/usaha', '/c/nothing/1/0'):
        page = (await user.http_client.get(path)).text
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page, path
        assert 'navigator.serviceWorker.register("/sw.js")' in page, path


@pytest.mark.demo
async def test_her_pages_ask_the_worker_to_keep_her_products(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)

    assert 'postMessage("products")' in (await user.http_client.get('/usaha')).text


@pytest.mark.demo
async def test_a_page_waits_half_a_minute_for_a_dropped_signal_to_come_back(user: User) -> None:
    await user.open('/')

    assert app.config.reconnect_timeout == 30.0  # the page waits half a minute for her phone to come back


def test_logout_warning_is_in_both_languages_and_counts_the_unsent() -> None:
    for lang, words in (('id', 'belum terkirim'), ('en', 'not been sent')):
        text = catalogue(lang)['pwa.logout_unsent']
        assert words in text and '{count}' in text
        assert json.dumps(text) in logout_guard(text)
