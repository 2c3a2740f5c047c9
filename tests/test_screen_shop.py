"""Selling through her shop in real Chromium at 360×740: she adds a photo to her product from the phone's file
picker and sees it on her shop; a buyer opens the product's page, sees the photo and orders with its Pesan form;
she logs in again and finds the order on her home and on her orders screen."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from nicegui.testing import Screen
from PIL import Image, ImageDraw
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

from models.business import Product
from models.orders import Order, OrderStatus
from store.products import add_photo
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, WIB, her_product, her_shop, no_sideways_scroll, on_app_loop, screen_log_in

pytestmark = pytest.mark.demo
SHOP = 'kue-siti'  # conftest's her_shop: 'Kue Siti'


def kue_photo() -> bytes:
    """A phone camera's JPEG of klepon on a plate."""
    image = Image.new('RGB', (1600, 1200), (230, 222, 205))
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 200, 1300, 1000), fill=(250, 250, 246))
    for n in range(9):
        x, y = 520 + (n % 3) * 180, 380 + (n // 3) * 150
        draw.ellipse((x, y, x + 140, y + 140), fill=(60, 150 + n * 5, 60))
    out = io.BytesIO()
    image.save(out, 'JPEG', quality=88)
    return out.getvalue()


def stored(product_id: str) -> Product:
    product = runtime.store.get(Product, product_id)
    assert product is not None
    return product


def loaded(screen: Screen, selector: str) -> WebElement:
    """The image `selector` finds, once the browser has it whole."""
    screen.wait_for(lambda: bool(screen.selenium.find_elements(By.CSS_SELECTOR, selector)))
    image = screen.selenium.find_element(By.CSS_SELECTOR, selector)
    screen.should_load_image(image, timeout=5)
    return image


def plain_page(screen: Screen, path: str) -> None:
    """Open one of the shop's plain pages (no NiceGUI socket to wait for)."""
    screen.selenium.get(screen.url + path)
    screen.wait_for(lambda: screen.selenium.execute_script("return document.readyState === 'complete'"))


def test_she_adds_a_photo_from_the_file_picker_and_sees_it_on_her_shop(screen: Screen, tmp_path: Path) -> None:
    screen.open('/login')
    product = on_app_loop(her_product())
    on_app_loop(her_shop(product.participant_id, slug=SHOP))
    picture = tmp_path / 'klepon.jpg'
    picture.write_bytes(kue_photo())
    screen_log_in(screen, KUE_TRAINEE)

    screen.open('/usaha/produk')
    klepon = "//*[contains(@class, 'q-card')][.//*[text()='Klepon']]"
    screen.selenium.find_element(By.XPATH, klepon + "//button[@aria-label='Ubah']").click()  # its pencil
    screen.should_contain('Belum ada foto')
    screen.find_by_css('input[type=file]').send_keys(str(picture))
    screen.should_contain('Foto tersimpan')
    screen.wait_for(lambda: len(stored(product.id).photos) == 1)
    [photo] = stored(product.id).photos
    loaded(screen, f'.q-dialog img[src="/media/{photo.thumb}"]')  # on her product sheet
    no_sideways_scroll(screen)

    plain_page(screen, f'/toko/{SHOP}')
    screen.should_contain('Klepon')
    thumbnail = loaded(screen, f'main img[src="/media/{photo.thumb}"]')
    assert thumbnail.get_attribute('alt') == 'Foto Klepon'
    no_sideways_scroll(screen)


def test_a_buyer_orders_from_the_product_page_and_she_sees_it_on_her_home(screen: Screen) -> None:
    screen.open('/login')
    product = on_app_loop(her_product(price=1_500))
    photo = on_app_loop(add_photo(runtime.store, product.participant_id, product.id, kue_photo()))
    on_app_loop(her_shop(product.participant_id, slug=SHOP))
    tomorrow = (dt.datetime.now(WIB) + dt.timedelta(days=1)).date()

    screen.selenium.delete_all_cookies()  # a buyer who followed the link from a WhatsApp group
    plain_page(screen, f'/toko/{SHOP}/{product.id}')
    loaded(screen, f'main img.hero[src="/media/{photo.full}"]')
    screen.should_contain('Pesan di sini')
    no_sideways_scroll(screen)
    buyer_orders(screen, product, tomorrow)
    screen.should_contain('Terima kasih! Pesanan Anda sudah masuk ke Kue Siti')
    [order] = [o for o in runtime.store.all(Order) if o.participant_id == product.participant_id]
    assert (order.buyer, order.buyer_phone, order.status, order.total) == (
        'Bu Ina', '081255556666', OrderStatus.NEW, 4_500,
    )  # fmt: skip
    assert order.due.astimezone(WIB).date() == tomorrow

    screen_log_in(screen, KUE_TRAINEE)
    card = screen.find('Pesanan: ')  # her home opens with the orders due today and tomorrow
    counts = re.fullmatch(r'Pesanan: (\d+) siap hari ini, (\d+) besok', card.text)
    # tomorrow's order, or today's once midnight has passed while the test ran
    assert counts is not None and sum(int(n) for n in counts.groups()) == 1
    card.click()
    screen.should_contain('Bu Ina')
    screen.should_contain('3 Klepon')
    no_sideways_scroll(screen)


def buyer_orders(screen: Screen, product: Product, day: dt.date) -> None:
    """The buyer fills the product page's Pesan form (name, WhatsApp number, how many, for when) and sends it."""
    field = lambda name: screen.selenium.find_element(By.ID, name)  # noqa: E731
    field('nama').send_keys('Bu Ina')
    field('no_hp').send_keys('0812 5555 6666')
    quantity = field(f'q-{product.id}')
    quantity.clear()
    quantity.send_keys('3')
    # A date field takes its digits in the browser's own order (mm/dd/yyyy here): set as the picker would
    screen.selenium.execute_script('arguments[0].value = arguments[1]', field('tanggal'), day.isoformat())
    screen.selenium.find_element(By.CSS_SELECTOR, '.pesan-form button[type=submit]').click()
