"""Her shop stays light for a buyer and for the server (`bench/shop.py` measures it in Chromium): kept photos are
answered in front of the middleware (no session cookie, cached a year, asked again by ETag), and thumbnails further
down her list wait until they come near the screen, with the plain images for a browser without script."""

from __future__ import annotations

import io
import re

import pytest
from nicegui.testing import User
from PIL import Image

from models.business import Photo
from store.products import add_photo
from ui import shop_public
from ui.runtime import runtime

from .conftest import her_product, her_shop

pytestmark = pytest.mark.demo


def a_photo(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new('RGB', (800, 600), (shade, 120, 40)).save(out, 'JPEG')
    return out.getvalue()


async def her_shop_with_photos(products: int) -> list[Photo]:
    """Her shop `kue-siti` with `products` products, each with its own photo, in the order the shop lists them."""
    photos = []
    for n in range(products):
        product = await her_product(name=f'Kue {n:02d}')
        photos.append(await add_photo(runtime.store, product.participant_id, product.id, a_photo(n * 8)))
    await her_shop(product.participant_id)
    return photos


async def test_a_kept_photo_is_answered_without_a_session_and_asked_again_by_etag(user: User) -> None:
    [photo] = await her_shop_with_photos(1)

    answer = await user.http_client.get(f'/media/{photo.thumb}')

    assert answer.status_code == 200 and answer.headers['content-type'] == 'image/jpeg'
    assert Image.open(io.BytesIO(answer.content)).width == 320
    assert answer.headers['cache-control'] == 'public, max-age=31536000, immutable'
    assert 'set-cookie' not in answer.headers and 'cookie' not in answer.headers.get('vary', '').lower()
    assert answer.headers['x-content-type-options'] == 'nosniff'  # the security headers still wrap it
    again = await user.http_client.get(f'/media/{photo.thumb}', headers={'if-none-match': answer.headers['etag']})
    assert again.status_code == 304 and again.content == b''
    head = await user.http_client.head(f'/media/{photo.full}')
    assert head.status_code == 200 and head.content == b'' and head.headers['content-type'] == 'image/jpeg'
    assert (await user.http_client.get(f'/media/{"0" * 64}.jpg')).status_code == 404
    assert (await user.http_client.get('/media/..%2F..%2Fsnapshot.json')).status_code == 404


async def test_thumbnails_further_down_her_list_wait_until_they_come_near_the_screen(user: User) -> None:
    photos = await her_shop_with_photos(shop_public.FIRST_ROWS + 2)

    page = (await user.http_client.get('/toko/kue-siti')).text

    images = re.findall(r'<img [^>]*>', page.split('<ul>', 1)[1].split('</ul>', 1)[0])
    now = [i for i in images if 'data-src' not in i]
    waiting = [i for i in images if 'data-src' in i]
    assert len(now) == shop_public.FIRST_ROWS + 2  # the first rows, and every row's plain image in <noscript>
    assert len(waiting) == 2 and all(f'src="{shop_public.BLANK}"' in i for i in waiting)
    for photo, image in zip(photos[shop_public.FIRST_ROWS :], waiting, strict=True):
        assert f'data-src="/media/{photo.thumb}"' in image and f'/media/{photo.full} 1080w' in image
        assert f'<noscript><img src="/media/{photo.thumb}"' in page
    assert all('width="88" height="88" loading="lazy"' in i for i in images)
    assert page.count(shop_public.NEAR_SCRIPT) == 1


async def test_a_short_list_loads_its_thumbnails_with_the_page_and_carries_no_script(user: User) -> None:
    photos = await her_shop_with_photos(2)

    page = (await user.http_client.get('/toko/kue-siti')).text

    assert all(f'<img src="/media/{photo.thumb}"' in page for photo in photos)
    assert 'data-src' not in page and '<script' not in page
