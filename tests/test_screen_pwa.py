"""The installable app in real Chromium at 360×740: installable, and what she does with no signal arrives once.

The network is switched off through the DevTools protocol for the page and for its service worker alike:
a worker fetches on its own behalf, so with only the page offline, a navigation would still reach the server.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import websocket
from nicegui.testing import Screen
from selenium.webdriver.common.by import By

from models.attendance import Attendance, Method, Status, attendance_id
from models.business import Sale, Unit
from models.orders import Delivery, Order, OrderStatus
from models.programme import Zone
from store.orders import orders_of
from ui.runtime import runtime

from .conftest import (
    KUE_TRAINEE,
    demo_day,
    demo_programme,
    her_participant_id,
    her_product,
    no_sideways_scroll,
    on_app_loop,
    projected_path,
    screen_log_in,
    started_a_moment_ago,
)

OFFLINE_ERRORS = ['net::ERR_INTERNET_DISCONNECTED', 'net::ERR_FAILED']  # what the console says with no signal


class Network:
    """This site's network in the browser, switched for every page and service worker of it at once."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        address = screen.selenium.capabilities['goog:chromeOptions']['debuggerAddress']
        with urllib.request.urlopen(f'http://{address}/json/version') as answer:
            browser = json.load(answer)['webSocketDebuggerUrl']
        self.socket = websocket.create_connection(browser, timeout=10, suppress_origin=True)
        self.sessions: dict[str, str] = {}  # target id → DevTools session id
        self.calls = 0

    def offline(self) -> None:
        self._set(offline=True)

    def online(self) -> None:
        self._set(offline=False)

    def close(self) -> None:
        self._set(offline=False)
        self.socket.close()

    def _set(self, *, offline: bool) -> None:
        conditions = {'offline': offline, 'latency': 0, 'downloadThroughput': -1, 'uploadThroughput': -1}
        for target in self._call('Target.getTargets')['targetInfos']:
            if target['type'] not in {'page', 'service_worker'} or not target['url'].startswith(self.screen.url):
                continue
            session = self.sessions.get(target['targetId'])
            if session is None:
                session = self._call('Target.attachToTarget', {'targetId': target['targetId'], 'flatten': True})
                session = self.sessions[target['targetId']] = session['sessionId']
                self._call('Network.enable', session=session)
            self._call('Network.emulateNetworkConditions', conditions, session=session)
        # Chromium 150 drops a page's emulated conditions when it navigates (the worker's stay): ChromeDriver's
        # own switch puts them back on every navigation of the page.
        if offline:
            self.screen.selenium.set_network_conditions(offline=True, latency=0, throughput=-1)
        else:
            self.screen.selenium.delete_network_conditions()

    def _call(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> Any:
        self.calls += 1
        message: dict[str, Any] = {'id': self.calls, 'method': method, 'params': params or {}}
        if session is not None:
            message['sessionId'] = session
        self.socket.send(json.dumps(message))
        while True:  # events of the attached targets arrive on the same socket: skip them
            reply = json.loads(self.socket.recv())
            if reply.get('id') == self.calls:
                assert 'error' not in reply, reply
                return reply['result']


@pytest.fixture
def network(screen: Screen) -> Iterator[Network]:
    screen.allowed_js_errors.extend(OFFLINE_ERRORS)
    screen.open('/login', timeout=20)  # starts the server (a busy machine may take a while)
    switch = Network(screen)
    yield switch
    switch.close()


def her_sales() -> list[Sale]:
    """The demo trainee's own sales (the demo's seller has hers)."""
    return [s for s in runtime.store.all(Sale) if s.participant_id == her_participant_id()]


def her_orders() -> list[Order]:
    return orders_of(runtime.store, her_participant_id())


def wait_for_worker(screen: Screen) -> None:
    """Until the service worker is active and controls this page."""
    screen.wait_for_js('navigator.serviceWorker.controller?.state', 'activated', timeout=15)


def all_sent(screen: Screen) -> None:
    """Until the offline page says its queue is empty (a busy test machine may take a while to answer)."""
    screen.wait_for_js("document.getElementById('count').textContent", 'Semua catatan sudah terkirim.', timeout=15)


def tap_id(screen: Screen, element_id: str) -> None:
    """Tap the element with `element_id` on the offline page (plain HTML: its buttons have ids, not markers)."""
    element = screen.selenium.find_element(By.ID, element_id)
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def tap_css(screen: Screen, selector: str) -> None:
    """Tap the element `selector` finds on the offline page (its order lines are drawn by its script)."""
    element = screen.selenium.find_element(By.CSS_SELECTOR, selector)
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def type_into(screen: Screen, element_id: str, text: str, *, css: str = '') -> None:
    """Type `text` into the field with `element_id` (or the one `css` finds inside it) on the offline page."""
    element = screen.selenium.find_element(By.ID, element_id)
    if css:
        element = element.find_element(By.CSS_SELECTOR, css)
    screen.selenium.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.send_keys(text)


def queued_request(screen: Screen) -> str:
    """The body the offline page sends for its queue, as it stands now."""
    return screen.selenium.execute_script(
        "return JSON.stringify({items: JSON.parse(localStorage.getItem('berdaya.queue')).map(e => e.item)})"
    )


def replay(screen: Screen, body: str) -> list[dict[str, Any]]:
    """Send `body` to /api/sync again from the page, with her session, as a phone retrying would."""
    answer = screen.selenium.execute_async_script(
        'const done = arguments[arguments.length - 1];'
        "fetch('/api/sync', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: arguments[0]})"
        '.then(r => r.json()).then(done)',
        body,
    )
    return answer['results']


@pytest.mark.demo
def test_chromium_reports_berdaya_installable_with_no_errors(screen: Screen, network: Network) -> None:
    screen_log_in(screen, KUE_TRAINEE)
    wait_for_worker(screen)

    errors = screen.selenium.execute_cdp_cmd('Page.getInstallabilityErrors', {})['installabilityErrors']
    manifest = screen.selenium.execute_cdp_cmd('Page.getAppManifest', {})

    assert errors == []
    assert manifest['url'] == screen.url + '/manifest.webmanifest' and manifest['errors'] == []
    assert json.loads(manifest['data'])['short_name'] == 'Berdaya'
    scope = screen.selenium.execute_async_script(
        'navigator.serviceWorker.getRegistration().then(r => arguments[arguments.length - 1](r.scope))'
    )
    assert scope == screen.url + '/'


@pytest.mark.demo
def test_a_sale_kept_with_no_signal_is_sent_when_it_returns_and_counted_once(screen: Screen, network: Network) -> None:
    on_app_loop(her_product(price=1500))
    screen_log_in(screen, KUE_TRAINEE)
    wait_for_worker(screen)
    screen.selenium.get(screen.url + '/usaha')  # her pages have the worker keep her product list
    screen.wait_for_js("caches.open('berdaya-data').then(c => c.match('/api/products')).then(r => !!r)", True)

    network.offline()
    screen.selenium.get(screen.url + '/usaha')
    screen.should_contain('Tidak ada sinyal')
    assert screen.selenium.current_url == screen.url + '/offline'
    tap_id(screen, 'open-sale')
    screen.click('Klepon')
    tap_id(screen, 'more')
    tap_id(screen, 'save-sale')
    screen.should_contain('Disimpan di HP: Penjualan: 2 Klepon · Rp\u00a03.000')
    screen.should_contain('1 belum terkirim')
    body = queued_request(screen)
    assert her_sales() == []

    network.online()  # the page hears `online` and sends its queue
    all_sent(screen)
    screen.should_contain('Tersimpan: 2 Klepon · Rp\u00a03.000')
    assert [(s.quantity, s.total) for s in her_sales()] == [(2, 3000)]
    assert [r['status'] for r in replay(screen, body)] == ['duplicate']  # the same queue sent twice
    assert len(her_sales()) == 1

    screen.open('/usaha')
    screen.should_contain('Untung bersih')
    shown = screen.selenium.find_elements(By.XPATH, "//*[normalize-space(text())='2 Klepon · Rp\u00a03.000']")
    assert len(shown) == 1


@pytest.mark.demo
def test_an_order_kept_with_no_signal_arrives_once_with_its_items_due_time_and_dp(
    screen: Screen, network: Network
) -> None:
    on_app_loop(her_product(price=1500))
    on_app_loop(her_product(name='Bolu kukus', unit=Unit.BOX, price=35_000))
    screen_log_in(screen, KUE_TRAINEE)
    wait_for_worker(screen)
    screen.selenium.get(screen.url + '/usaha')  # her pages have the worker keep her product list
    screen.wait_for_js("caches.open('berdaya-data').then(c => c.match('/api/products')).then(r => !!r)", True)
    before = {o.id for o in her_orders()}

    network.offline()
    screen.selenium.get(screen.url + '/usaha')
    screen.should_contain('Tidak ada sinyal')
    tap_id(screen, 'open-order')
    tap_id(screen, 'save-order')
    screen.should_contain('Isi nama pemesan, paling sedikit 2 huruf.')
    type_into(screen, 'order-buyer', 'Bu Romlah')
    type_into(screen, 'order-phone', '0812-3333-4444')
    type_into(screen, 'order-lines', '20', css='input[aria-label="Jumlah: Klepon"]')
    for _ in range(2):
        tap_css(screen, 'button[aria-label="Tambah: Bolu kukus"]')
    tap_id(screen, 'order-delivery')
    type_into(screen, 'order-dp', '50.000')
    tap_id(screen, 'save-order')
    screen.should_contain('Isi alamat antar, atau pilih Diambil pemesan.')
    type_into(screen, 'order-address', 'Jl. Melati 3, RT 02')
    screen.should_contain('Total Rp\u00a0100.000 · sisa setelah DP Rp\u00a050.000')
    no_sideways_scroll(screen)
    screen.selenium.execute_script("const f = document.getElementById('order'); f.requestSubmit(); f.requestSubmit()")
    screen.should_contain('Disimpan di HP: Pesanan Bu Romlah: 2 Bolu kukus, 20 Klepon · siap ')
    screen.should_contain('1 belum terkirim')  # the double tap kept it once
    body = queued_request(screen)
    assert {o.id for o in her_orders()} == before

    network.online()
    all_sent(screen)
    screen.should_contain('Pesanan Bu Romlah tercatat: Rp\u00a0100.000')
    assert [r['status'] for r in replay(screen, body)] == ['duplicate']  # the same queue sent twice
    new = [o for o in her_orders() if o.id not in before]
    assert len(new) == 1
    order = new[0]
    tomorrow = dt.datetime.now(Zone.WIB.tz).date() + dt.timedelta(days=1)  # the server's clock, not the browser's
    assert order.due == dt.datetime.combine(tomorrow, dt.time(10, 0), tzinfo=Zone.WIB.tz)
    items = [(i.name, i.quantity, i.unit_price) for i in order.items]
    assert items == [('Bolu kukus', 2, 35_000), ('Klepon', 20, 1500)]  # as her list shows them
    handed = (order.buyer, order.buyer_phone, order.delivery, order.address)
    assert handed == ('Bu Romlah', '081233334444', Delivery.DELIVERY, 'Jl. Melati 3, RT 02')
    assert (order.total, order.dp, order.left, order.status) == (100_000, 50_000, 50_000, OrderStatus.NEW)


@pytest.mark.demo
def test_a_check_in_code_opened_with_no_signal_is_kept_and_recorded_later_as_hadir(
    screen: Screen, network: Network
) -> None:
    day = started_a_moment_ago()
    screen_log_in(screen, KUE_TRAINEE)
    wait_for_worker(screen)

    network.offline()
    screen.selenium.get(screen.url + projected_path(day))
    screen.should_contain('Absen disimpan di HP')
    screen.should_contain('1 belum terkirim')
    assert screen.selenium.current_url == screen.url + '/offline'  # a reload does not queue it again
    record_id = attendance_id(day.id, her_participant_id())
    assert runtime.store.get(Attendance, record_id) is None

    network.online()
    all_sent(screen)
    record = runtime.store.get(Attendance, record_id)
    assert record is not None and record.status == Status.HADIR and record.how == Method.SELF_SCAN
    screen.should_contain(f'Hadir, pukul {record.at.astimezone(Zone.WIB.tz):%H.%M} WIB')


@pytest.mark.demo
def test_logging_out_with_unsent_entries_asks_first(screen: Screen, network: Network) -> None:
    screen_log_in(screen, KUE_TRAINEE)
    unsent = [{'item': {'id': 'a1b2c3d4e5', 'kind': 'expense'}, 'show': None, 'state': 'waiting', 'message': ''}]
    screen.selenium.execute_script("localStorage.setItem('berdaya.queue', arguments[0])", json.dumps(unsent))
    logout = screen.selenium.find_element(By.CSS_SELECTOR, '[aria-label="Keluar"]')

    logout.click()
    alert = screen.selenium.switch_to.alert
    assert alert.text.startswith('Ada 1 catatan yang belum terkirim.')
    alert.dismiss()
    screen.should_contain('Halo,')  # still here, nothing lost
    assert screen.selenium.execute_script("return localStorage.getItem('berdaya.queue')") is not None

    logout.click()
    screen.selenium.switch_to.alert.accept()
    screen.wait_for_js('location.pathname', '/login')
    assert screen.selenium.execute_script("return localStorage.getItem('berdaya.queue')") is None


@pytest.mark.demo
def test_a_stale_code_kept_with_no_signal_is_refused_and_shown_so_until_she_removes_it(
    screen: Screen, network: Network
) -> None:
    day = demo_day(runtime.store, demo_programme(runtime.store))
    screen_log_in(screen, KUE_TRAINEE)
    wait_for_worker(screen)

    network.offline()
    stale = projected_path(day, slots_ago=4)  # a minute old: a friend's copy sent from the classroom
    screen.selenium.get(screen.url + stale)
    screen.should_contain('1 belum terkirim')
    network.online()

    screen.wait_for_js(
        "document.querySelector('#items li.rejected .state')?.textContent.slice(0, 28)",
        'ditolak: Kode QR ini sudah k',
        timeout=15,
    )
    assert runtime.store.get(Attendance, attendance_id(day.id, her_participant_id())) is None
    screen.click('Hapus')
    screen.should_contain('Semua catatan sudah terkirim.')
    assert screen.selenium.execute_script("return localStorage.getItem('berdaya.queue')") == '[]'
