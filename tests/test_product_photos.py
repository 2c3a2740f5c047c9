"""Her product's photos: taken or picked on her product sheet or sent by POST /api/products/{id}/photo, made
1080 px and 320 px without metadata, kept by content; at most three, the first the cover; moved and removed;
nobody else's product; bad pictures refused with nothing half-saved."""

from __future__ import annotations

import asyncio
import io
import random
import re
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User
from PIL import Image

from models.business import Product, ShopForm
from store import files
from store.shop import save_shop
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, her_product, her_shop, log_in, only, open_as

pytestmark = pytest.mark.demo
OTHER_TRAINEE = ('081200000002', '123456')


def camera_photo(colour: tuple[int, int, int] = (200, 120, 40), size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A phone camera's JPEG: 12 megapixels, with GPS and the phone's make in its EXIF."""
    exif = Image.Exif()
    exif[0x8825] = {1: 'S', 2: (6.0, 10.0, 30.0), 3: 'E', 4: (106.0, 49.0, 12.0)}
    exif[0x010F] = 'Samsung'
    out = io.BytesIO()
    Image.new('RGB', size, colour).save(out, 'JPEG', exif=exif, quality=70)
    return out.getvalue()


def detailed_photo(size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A photo with detail everywhere (random noise): the heaviest a JPEG gets at its size."""
    noise = random.Random(18).randbytes(size[0] * size[1] * 3)
    out = io.BytesIO()
    Image.frombytes('RGB', size, noise).save(out, 'JPEG', quality=90)
    return out.getvalue()


async def until(check: Callable[[], bool]) -> None:
    """Wait for a write a tap started (its handler runs on the app's loop), at most two seconds."""
    for _ in range(200):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError('the write did not happen')


def stored(product_id: str) -> Product:
    product = runtime.store.get(Product, product_id)
    assert product is not None
    return product


async def post_photo(user: User, product_id: str, body: bytes, name: str = 'foto.jpg') -> tuple[int, dict]:
    response = await user.http_client.post(
        f'/api/products/{product_id}/photo', files={'file': (name, body, 'image/jpeg')}
    )
    return response.status_code, response.json()


async def test_the_api_adds_a_photo_made_small_and_without_its_exif(user: User) -> None:
    product = await her_product()
    await log_in(user, *KUE_TRAINEE)

    status, answer = await post_photo(user, product.id, camera_photo())

    assert status == 200, answer
    photo = stored(product.id).photos[0]
    assert answer['url'].endswith(f'/media/{photo.full}') and answer['thumb_url'].endswith(f'/media/{photo.thumb}')
    served = await user.http_client.get(f'/media/{photo.full}')
    full = Image.open(io.BytesIO(served.content))
    assert full.size == (1080, 810) and not full.getexif() and 'exif' not in full.info
    thumb = Image.open(io.BytesIO((await user.http_client.get(f'/media/{photo.thumb}')).content))
    assert max(thumb.size) == 320
    assert photo.full in files.names(runtime.store.folder)  # in the data folder: backups carry it
    listed = (await user.http_client.get('/api/products')).json()['products']
    assert listed[0]['photo_url'] == answer['url']


async def test_bad_pictures_and_a_fourth_photo_are_refused_and_nothing_half_saved(user: User) -> None:
    product = await her_product()
    await log_in(user, *KUE_TRAINEE)
    status, answer = await post_photo(user, product.id, b'%PDF-1.4 not a photo', 'surat.pdf')
    assert status == 422 and 'bukan gambar' in answer['error']
    bomb = io.BytesIO()
    Image.new('1', (12_000, 12_000)).save(bomb, 'PNG')
    status, answer = await post_photo(user, product.id, bomb.getvalue(), 'bom.png')
    assert status == 422 and 'terlalu besar' in answer['error']
    huge = b'\xff\xd8\xff' + b'\0' * (30 * 1024 * 1024)
    status, answer = await post_photo(user, product.id, huge, 'besar.jpg')
    assert status == 413 and 'terlalu besar' in answer['error']
    assert stored(product.id).photos == []
    for colour in ((10, 10, 10), (20, 20, 20), (30, 30, 30)):
        assert (await post_photo(user, product.id, camera_photo(colour, (800, 600))))[0] == 200
    status, answer = await post_photo(user, product.id, camera_photo((40, 40, 40), (800, 600)))
    assert status == 422 and 'Sudah 3 foto' in answer['error']
    assert len(stored(product.id).photos) == 3


async def test_another_trainee_cannot_add_a_photo_to_her_product(user: User) -> None:
    product = await her_product()
    await log_in(user, *OTHER_TRAINEE)
    status, _ = await post_photo(user, product.id, camera_photo(size=(800, 600)))
    assert status == 404 and stored(product.id).photos == []


async def test_on_her_product_sheet_she_adds_makes_a_cover_and_removes_photos(user: User) -> None:
    product = await her_product()
    await open_as(user, KUE_TRAINEE, '/usaha/produk')
    user.find(marker=f'edit-product-{product.id}').click()
    await user.should_see('Belum ada foto')
    user.find(marker='upload-photo').trigger('rejected')  # the phone refused a picture over 10 MB
    await user.should_see('10 MB')  # and says why, in her words
    upload = next(iter(user.find(marker='upload-photo').elements))
    for index, colour in enumerate(((200, 0, 0), (0, 200, 0))):
        await upload.handle_uploads([ui.upload.SmallFileUpload('foto.jpg', 'image/jpeg', camera_photo(colour))])
        await user.should_see(marker=f'photo-{index}')
    first, second = stored(product.id).photos
    user.find(marker='cover-photo-1').click()
    await until(lambda: stored(product.id).photos == [second, first])  # the green one is the cover now
    user.find(marker='remove-photo-0').click()
    await until(lambda: stored(product.id).photos == [first])
    await user.should_not_see(marker='photo-1')
    user.find(marker='product-price').clear().type('1200')  # saving the product keeps its photos
    user.find(marker='save-product').click()
    await user.should_see('Rp\u00a01.200')
    assert stored(product.id).photos == [first]


async def test_her_shop_and_product_page_show_the_photo_and_preview_it_in_whatsapp(user: User) -> None:
    product = await her_product(name='Klepon <b>pandan</b>', price=15_000)
    tall = await her_product(name='Lapis legit', price=9_000)
    bare = await her_product(name='Onde-onde', price=4_000)
    await save_shop(
        runtime.store, product.participant_id, ShopForm(slug='kue-siti', name='Kue Siti', about='Kue basah tiap pagi')
    )
    await log_in(user, *KUE_TRAINEE)
    assert (await post_photo(user, product.id, detailed_photo()))[0] == 200
    assert (await post_photo(user, tall.id, camera_photo(size=(1000, 3000))))[0] == 200
    user.http_client.cookies.clear()  # a buyer, or WhatsApp's link-preview robot

    listing = await user.http_client.get('/toko/kue-siti')
    pages = {item.id: await user.http_client.get(f'/toko/kue-siti/{item.id}') for item in (product, tall, bare)}
    page = pages[product.id]

    photo = stored(product.id).photos[0]
    assert listing.status_code == 200 and f'/media/{photo.thumb}' in listing.text and 'loading="lazy"' in listing.text
    assert page.status_code == 200 and f'/media/{photo.full}' in page.text
    assert '<b>pandan</b>' not in page.text and '&lt;b&gt;pandan&lt;/b&gt;' in page.text
    for item, html in (('all', listing.text), *((key, answer.text) for key, answer in pages.items())):
        head = html.encode()[: 300 * 1024].decode(errors='ignore')  # all WhatsApp reads
        tags = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)"', head))
        assert {'og:title', 'og:description', 'og:image', 'og:url', 'twitter:image'} <= set(tags), item
        assert tags['og:image'] == tags['twitter:image'] == f'http://test/toko/kue-siti/share/{item}.square.jpg'
        assert tags['og:url'].startswith('http://test/toko/') and tags['og:image:type'] == 'image/jpeg'
        image = await user.http_client.get(tags['og:image'].removeprefix('http://test'))
        assert image.status_code == 200 and len(image.content) < 300 * 1024, (item, len(image.content))
        picture = Image.open(io.BytesIO(image.content))
        assert picture.format == 'JPEG' and picture.width >= 600, item
        assert (tags['og:image:width'], tags['og:image:height']) == (str(picture.width), str(picture.height))
    assert stored(tall.id).photos[0].width < 600  # the raw photo would have been too narrow a preview
    meta = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)"', page.text))
    assert 'Rp\u00a015.000' in meta['og:description']
    shop_meta = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)"', listing.text))
    assert shop_meta['og:description'] == 'Mulai Rp\u00a04.000 · Kue basah tiap pagi'  # a price, then her words
    assert (await user.http_client.get('/toko/kue-siti/not-a-product')).status_code == 404


async def test_share_pictures_of_a_product_and_of_the_price_list_in_two_shapes(user: User) -> None:
    product = await her_product(name='Klepon pandan', price=15_000)
    await her_product(name='Bolu kukus', price=3_000)
    await her_shop(product.participant_id, slug='kue-siti')
    await log_in(user, *KUE_TRAINEE)
    assert (await post_photo(user, product.id, camera_photo()))[0] == 200

    for item, shape, size in (
        (product.id, 'square', (1080, 1080)),
        ('all', 'story', (1080, 1920)),
        ('all', 'square', (1080, 1080)),
    ):
        response = await user.http_client.get(f'/toko/kue-siti/share/{item}.{shape}.jpg')
        assert response.status_code == 200 and response.headers['content-type'] == 'image/jpeg', (item, shape)
        picture = Image.open(io.BytesIO(response.content))
        assert picture.size == size and picture.format == 'JPEG' and not picture.getexif()
    for missing in ('/toko/kue-siti/share/not-a-product.square.jpg', '/toko/kue-siti/share/all.wide.jpg',
                    '/toko/no-shop/share/all.square.jpg'):  # fmt: skip
        assert (await user.http_client.get(missing)).status_code == 404, missing
    user.javascript_rules[re.compile(r'.*navigator\.canShare')] = lambda _: False  # a browser that cannot share
    await open_as(user, KUE_TRAINEE, '/usaha/toko')
    await user.should_see(marker='share-story')
    user.find(marker='share-square').click()  # her price list: save it, or post the link to WhatsApp or Facebook
    await user.should_see(marker='share-preview')
    assert only(user, 'share-save').props['download'] == 'toko.jpg'
    assert only(user, 'share-save').props['href'].endswith('/toko/kue-siti/share/all.square.jpg')
    assert only(user, 'share-wa').props['href'].startswith('https://wa.me/?text=Kue%20Siti%20')
    assert 'facebook.com/sharer/sharer.php?u=' in only(user, 'share-fb').props['href']
    user.find(marker='share-close').click()
    only(user, 'share-product').set_value(product.id)  # one product's own picture
    user.find(marker='share-product-picture').click()
    await user.should_see(marker='share-preview')
    assert only(user, 'share-save').props['href'].endswith(f'/toko/kue-siti/share/{product.id}.square.jpg')
