"""Her own QRIS: uploaded on her shop's settings, kept as a sharp PNG without metadata, shown on her shop and on the
page a buyer sees after ordering with what to do (pay the DP, send the proof on WhatsApp); replaced, removed;
what is not a picture, or is too big, refused with nothing changed; the demo seller's scans as a QRIS."""

from __future__ import annotations

import io
import re

import pytest
import qrcode
import zxingcpp
from nicegui import ui
from nicegui.testing import User
from PIL import Image, PngImagePlugin

from models.base import DomainError
from models.business import Qris, Shop
from store import files
from store.qris import set_qris
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, her_participant_id, her_product, her_shop, log_in, only, open_as
from .test_product_photos import camera_photo, until

pytestmark = pytest.mark.demo
SELLER = ('081400000001', '123456')  # the demo's graduate who sells: Dapur Bu Sumi
PAYLOAD = '00020101021126570011ID.DANA.WWW011893600915300000000102090000000010303UMI5204546253033605802ID6304ABCD'
PAY_LINE = 'Bayar DP dengan QRIS ini, lalu kirim bukti transfer lewat WhatsApp.'


def qris_picture(payload: str = PAYLOAD, size: int = 2400, kind: str = 'JPEG') -> bytes:
    """Her bank's QRIS as her phone holds it: a big picture of the code, with GPS (a JPEG) or text chunks (a PNG)."""
    code = qrcode.QRCode(box_size=1, border=4)
    code.add_data(payload)
    modules = code.make_image().get_image().convert('RGB')
    picture = modules.resize((size, size), Image.Resampling.NEAREST)
    out = io.BytesIO()
    if kind == 'JPEG':
        exif = Image.Exif()
        exif[0x8825] = {1: 'S', 2: (6.0, 10.0, 30.0), 3: 'E', 4: (106.0, 49.0, 12.0)}
        picture.save(out, 'JPEG', exif=exif, quality=95)
    else:
        text = PngImagePlugin.PngInfo()
        text.add_text('Comment', 'Rumah Bu Siti, Desa Waliwis')
        picture.save(out, 'PNG', pnginfo=text, dpi=(300, 300))
    return out.getvalue()


def her_qris(participant_id: str) -> Qris | None:
    shop = runtime.store.get(Shop, participant_id)
    assert shop is not None
    return shop.qris


def scanned(body: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(body)))]


async def upload_qris(user: User, body: bytes, name: str = 'qris.jpg', kind: str = 'image/jpeg') -> None:
    upload = only(user, 'upload-qris')
    await upload.handle_uploads([ui.upload.SmallFileUpload(name, kind, body)])


async def test_her_qris_uploaded_is_a_sharp_png_without_gps_on_her_shop_and_after_a_buyer_orders(user: User) -> None:
    product = await her_product(name='Klepon', price=15_000)
    await her_shop(product.participant_id, slug='kue-siti')
    await open_as(user, KUE_TRAINEE, '/usaha/toko')
    await user.should_see('Unggah gambar QRIS')

    await upload_qris(user, qris_picture())

    await until(lambda: her_qris(product.participant_id) is not None)
    qris = her_qris(product.participant_id)
    assert qris is not None
    await user.should_see(marker='qris-image')
    served = await user.http_client.get(f'/media/{qris.file}')
    picture = Image.open(io.BytesIO(served.content))
    assert served.status_code == 200 and served.headers['content-type'] == 'image/png'
    assert picture.format == 'PNG' and picture.size == (1080, 1080) == (qris.width, qris.height)
    assert not picture.getexif() and not set(picture.info) & {'exif', 'Comment', 'dpi', 'icc_profile'}
    assert scanned(served.content) == [PAYLOAD]  # still scans: what a buyer's banking app reads
    user.http_client.cookies.clear()  # a buyer
    shop_page = (await user.http_client.get('/toko/kue-siti')).text
    product_page = (await user.http_client.get(f'/toko/kue-siti/{product.id}')).text
    order = {'nama': 'Bu Tini', 'no_hp': '081299990000', 'tanggal': '2026-12-09', f'jumlah_{product.id}': '20'}
    thanks = await user.http_client.post('/toko/kue-siti/pesan', data=order)
    for html in (shop_page, product_page, thanks.text):
        assert f'src="/media/{qris.file}"' in html and PAY_LINE in html and 'download="qris-kue-siti.png"' in html
    assert thanks.status_code == 200 and 'Terima kasih' in thanks.text and 'loading="lazy"' not in thanks.text


async def test_her_qris_replaced_then_removed_and_her_settings_saved_between_keep_it(user: User) -> None:
    product = await her_product()
    await her_shop(product.participant_id, slug='kue-siti')
    await open_as(user, KUE_TRAINEE, '/usaha/toko')
    await upload_qris(user, qris_picture('FIRST-QRIS', 800, 'PNG'), 'qris.png', 'image/png')
    await until(lambda: her_qris(product.participant_id) is not None)
    first = her_qris(product.participant_id)
    assert first is not None and (first.width, first.height) == (800, 800)  # never enlarged

    await user.should_see('Ganti QRIS')
    await upload_qris(user, qris_picture('SECOND-QRIS', 1200))
    await until(lambda: her_qris(product.participant_id) not in (None, first))
    second = her_qris(product.participant_id)
    assert second is not None
    user.find(marker='shop-about').type(' Pesan H-1.')
    user.find(marker='save-shop').click()
    await user.should_see('Tersimpan')
    assert her_qris(product.participant_id) == second  # her settings form does not touch it
    html = (await user.http_client.get('/toko/kue-siti')).text
    assert second.file in html and first.file not in html
    assert scanned((await user.http_client.get(f'/media/{second.file}')).content) == ['SECOND-QRIS']

    user.find(marker='remove-qris').click()
    user.find(marker='confirm-remove-qris').click()
    await until(lambda: her_qris(product.participant_id) is None)
    await user.should_see('QRIS dihapus dari toko')
    await user.should_see('Unggah gambar QRIS')
    html = (await user.http_client.get('/toko/kue-siti')).text
    assert second.file not in html and PAY_LINE not in html and 'class="qris"' not in html


async def test_what_is_not_a_picture_or_is_too_big_is_refused_and_her_qris_stays(user: User) -> None:
    product = await her_product()
    await her_shop(product.participant_id, slug='kue-siti')
    await set_qris(runtime.store, product.participant_id, qris_picture(size=600))
    kept = her_qris(product.participant_id)
    await open_as(user, KUE_TRAINEE, '/usaha/toko')

    await upload_qris(user, b'%PDF-1.4 surat dari bank', 'qris.pdf', 'application/pdf')

    await user.should_see('Berkas ini bukan gambar yang bisa dibaca. Pilih foto atau gambar (JPG, PNG, WebP).')
    assert her_qris(product.participant_id) == kept
    for refused, key in ((b'\xff\xd8\xff' + b'\0' * (11 * 1024 * 1024), 'image_too_large'),
                         (camera_photo()[:2000], 'image_unreadable')):  # fmt: skip
        with pytest.raises(DomainError) as error:
            await set_qris(runtime.store, product.participant_id, refused)
        assert error.value.key == key
    assert her_qris(product.participant_id) == kept


async def test_before_she_has_a_shop_she_is_asked_to_save_it_first(user: User) -> None:
    await open_as(user, KUE_TRAINEE, '/usaha/toko')
    await user.should_see(marker='qris-shop-first')
    await user.should_not_see(marker='upload-qris')
    with pytest.raises(DomainError) as error:
        await set_qris(runtime.store, her_participant_id(), qris_picture(size=400))
    assert error.value.key == 'not_found'


async def test_the_demo_seller_has_a_qris_a_buyer_can_scan(user: User) -> None:
    await log_in(user, *SELLER)
    shop = next(s for s in runtime.store.all(Shop) if s.slug == 'dapur-bu-sumi')
    assert shop.qris is not None and shop.qris.file in files.names(runtime.store.folder)
    user.http_client.cookies.clear()

    html = (await user.http_client.get('/toko/dapur-bu-sumi')).text
    image = await user.http_client.get(f'/media/{shop.qris.file}')

    assert PAY_LINE in html and f'/media/{shop.qris.file}' in html
    [payload] = scanned(image.content)
    assert payload.startswith('000201010211') and 'ID.CO.QRIS.WWW' in payload and 'DAPUR BU SUMI' in payload
    assert re.fullmatch(r'.*6304[0-9A-F]{4}', payload)  # ends with its CRC, as every QRIS does
