"""Market prices (issue 19): a member of the linked KWT writes down a price she saw, once, in the trail; her home shows
today's prices with the change against last week; a price far from the recent range is asked about and saved only
once she confirms; the staff import a CSV and an XLSX whose bad rows are refused row by row; a member of a group the
secretariat does not reach is refused; `GET /api/prices` answers members and staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from openpyxl import Workbook

from models.account import Account, Role
from models.audit import AuditEntry
from models.base import DomainError
from models.business import GroupSale
from models.market_prices import CommodityForm, MarketPrice, PlaceKind, PriceForm, PriceUnit
from models.participant import Group
from models.programme import Programme, ProgrammeKind, Zone
from models.secretariat import Secretariat
from store.accounts import find_account
from store.market_prices import (
    UnusualPrice,
    add_commodity,
    commodity_by_key,
    group_months,
    latest_of,
    record_price,
    take_back_price,
)
from store.secretariats import set_links
from ui.format import short_date
from ui.runtime import runtime

from .conftest import COORDINATOR, KUE_TRAINEE, KWT_TRAINEE, SECRETARIAT, log_in, only, open_as

pytestmark = pytest.mark.demo

OTHER_MEMBER = ('081300000002', '123456')
CURLY = 'cabai-merah-keriting'


def today() -> dt.date:
    return dt.datetime.now(Zone.WIB.tz).date()


def bumidaya() -> Secretariat:
    [secretariat] = [s for s in runtime.store.all(Secretariat) if s.slug == 'bumidaya']
    return secretariat


def account_of(who: tuple[str, str]) -> Account:
    account = find_account(runtime.store, who[0])
    assert account is not None
    return account


def new_prices() -> dict[str, MarketPrice]:
    return {p.id: p for p in runtime.store.all(MarketPrice)}


async def write_down(
    user: User, kind: PlaceKind, place: str, price: int, commodity: str = 'cabai-merah-keriting'
) -> None:
    """On the open price page: Catat harga, the form filled in, Simpan."""
    user.find(marker='record-price').click()
    only(user, 'price-commodity').value = commodity
    only(user, 'price-kind').value = kind.value
    user.find(marker='price-place').type(place)
    only(user, 'price-amount').value = price
    user.find(marker='save-price').click()


async def test_a_member_writes_down_a_price_she_saw_once_and_it_is_in_the_trail(user: User) -> None:
    await open_as(user, KWT_TRAINEE, '/harga')
    await user.should_see('Harga pasar')
    await user.should_see(marker='price-chart')
    before = new_prices()

    await write_down(user, PlaceKind.MARKET, 'Pasar Palas', 47_000)
    await user.should_see('Harga tersimpan')

    [saved] = [p for i, p in new_prices().items() if i not in before]
    me = account_of(KWT_TRAINEE)
    assert (saved.commodity, saved.kind, saved.place, saved.price, saved.date) == (
        'cabai-merah-keriting',
        PlaceKind.MARKET,
        'Pasar Palas',
        47_000,
        today(),
    )
    assert (saved.by_role, saved.recorded_by, saved.secretariat_id, saved.unusual) == (
        Role.TRAINEE,
        me.id,
        bumidaya().id,
        False,
    )
    [entry] = [e for e in runtime.store.all(AuditEntry) if e.target == saved.id]
    assert (entry.action, entry.by, entry.after and entry.after['price']) == ('price.record', me.id, 47_000)

    form = PriceForm.model_validate(saved.model_dump(include=set(PriceForm.model_fields)))
    again = await record_price(
        runtime.store, me, bumidaya().id, form, price_id=saved.id, today=today(), now=dt.datetime.now(dt.UTC)
    )  # the phone's retry
    assert again.status == 'duplicate' and len(new_prices()) == len(before) + 1


async def test_her_home_shows_todays_price_and_its_change_against_the_same_kind_a_week_before(user: User) -> None:
    await runtime.ready()
    staff, day = account_of(SECRETARIAT), today()
    for offset, price, place in ((7, 10_000, 'Kebun Bu Carini'), (0, 11_000, 'Kebun Bu Carini'),
                                 (0, 13_000, 'Kebun Bu Warsih'), (3, 99_000, 'Kebun Bu Warsih')):  # fmt: skip
        form = PriceForm(commodity='cabai-hijau', kind=PlaceKind.FARM_GATE, place=place, price=price,
                         date=day - dt.timedelta(days=offset))  # fmt: skip
        await record_price(runtime.store, staff, bumidaya().id, form, price_id=f'kebun-{offset}-{price}', today=day,
                           now=dt.datetime.now(dt.UTC), confirmed=True)  # fmt: skip

    latest = latest_of(runtime.store, [bumidaya().id], commodity_by_key(runtime.store, 'cabai-hijau'), day)
    farm = latest.of(PlaceKind.FARM_GATE)
    assert farm is not None
    assert (farm.price, farm.date, farm.before, farm.before_date) == (12_000, day, 10_000, day - dt.timedelta(days=7))
    assert (farm.change, str(farm.percent)) == (2_000, '20.0')  # the median of today's two against a week before

    await open_as(user, KWT_TRAINEE)
    await user.should_see(marker='todays-prices')
    assert only(user, 'price-value-cabai-hijau-kebun').text == 'Rp\u00a012.000 per kg'
    assert only(user, 'price-change-cabai-hijau-kebun').text == '+Rp\u00a02.000'
    assert only(user, 'price-percent-cabai-hijau-kebun').text == '+20%'
    reference = latest.of(PlaceKind.REFERENCE)
    assert reference is not None and reference.before is not None
    sign = '+' if reference.price >= reference.before else '−'
    assert only(user, 'price-change-cabai-hijau-acuan').text.startswith(
        f'{sign}Rp\u00a0{abs(reference.price - reference.before):,}'.replace(',', '.')
    )


async def test_an_unusual_price_is_asked_about_and_saved_only_once_she_confirms(user: User) -> None:
    await open_as(user, KWT_TRAINEE, '/harga')
    before = new_prices()

    await write_down(user, PlaceKind.COLLECTOR, 'Pengepul Haji Dasuki', 450_000)  # a zero too many
    await user.should_see(marker='unusual-question')
    await user.should_see('Harga ini jauh dari biasanya')
    assert new_prices() == before  # asked, not saved
    user.find('Batal').click()  # the question's Batal: she checks her number
    assert new_prices() == before

    user.find(marker='save-price').click()
    await user.should_see(marker='unusual-question')
    user.find(marker='confirm-unusual').click()
    await user.should_see('Harga tersimpan')
    [saved] = [p for i, p in new_prices().items() if i not in before]
    assert (saved.price, saved.unusual) == (450_000, True)


async def test_the_store_refuses_an_unusual_price_until_confirmed_and_a_reference_price_from_a_member(
    user: User,
) -> None:
    await runtime.ready()
    member, day = account_of(KWT_TRAINEE), today()
    unusual = PriceForm(commodity='cabai-rawit-merah', kind=PlaceKind.MARKET, place='Pasar Palas', price=5_000,
                        date=day)  # fmt: skip
    before = runtime.store.stats()
    with pytest.raises(UnusualPrice) as asked:
        await record_price(runtime.store, member, bumidaya().id, unusual, price_id='p-odd', today=day,
                           now=dt.datetime.now(dt.UTC))  # fmt: skip
    assert asked.value.median > 3 * 5_000 and runtime.store.stats() == before
    reference = unusual.model_copy(update={'kind': PlaceKind.REFERENCE, 'price': 60_000})
    with pytest.raises(DomainError, match='reference_staff_only'):
        await record_price(runtime.store, member, bumidaya().id, reference, price_id='p-ref', today=day,
                           now=dt.datetime.now(dt.UTC))  # fmt: skip
    future = unusual.model_copy(update={'price': 60_000, 'date': day + dt.timedelta(days=1)})
    with pytest.raises(DomainError, match='price_date_future'):
        await record_price(runtime.store, member, bumidaya().id, future, price_id='p-fut', today=day,
                           now=dt.datetime.now(dt.UTC))  # fmt: skip
    assert runtime.store.stats() == before


async def test_a_price_is_taken_back_by_whoever_wrote_it_or_the_staff_not_by_another_member(user: User) -> None:
    await runtime.ready()
    member, other, staff, day = account_of(KWT_TRAINEE), account_of(OTHER_MEMBER), account_of(SECRETARIAT), today()
    form = PriceForm(commodity='cabai-hijau', kind=PlaceKind.MARKET, place='Pasar Palas', price=30_000, date=day)
    saved = await record_price(runtime.store, member, bumidaya().id, form, price_id='p-mine', today=day,
                               now=dt.datetime.now(dt.UTC))  # fmt: skip
    with pytest.raises(DomainError, match='price_take_back_refused'):
        await take_back_price(runtime.store, other, saved.record.id, dt.datetime.now(dt.UTC))
    taken = await take_back_price(runtime.store, staff, saved.record.id, dt.datetime.now(dt.UTC))
    assert taken.deleted
    assert [e.action for e in runtime.store.all(AuditEntry) if e.target == saved.record.id] == [
        'price.record',
        'price.take_back',
    ]


# ---- the staff's import --------------------------------------------------------------------------------------


def price_table() -> list[list[object]]:
    """A header, three good rows and a bad row of each kind, as a clerk copies them from the panel's site."""
    day, week_ago = today(), today() - dt.timedelta(days=7)
    return [
        ['Tanggal', 'Komoditas', 'Harga', 'Tempat', 'Jenis'],
        [week_ago.strftime('%d/%m/%Y'), 'Cabai merah keriting', '44.500', 'Panel Harga Prov. Lampung', ''],
        [day.isoformat(), 'cabai-rawit-merah', 'Rp 61.000', 'Panel Harga Prov. Lampung', 'acuan'],
        [day.isoformat(), 'telur-ayam', 28_500, 'Panel Harga Prov. Lampung', 'acuan'],
        ['2026-02-30', 'cabai-hijau', '30000', 'Panel Harga Prov. Lampung', 'acuan'],  # row 5: no such day
        [day.isoformat(), 'cabai-hijau', '-30000', 'Panel Harga Prov. Lampung', 'acuan'],  # 6: negative
        [day.isoformat(), 'bawang putih', '35000', 'Panel Harga Prov. Lampung', 'acuan'],  # 7: unknown commodity
        [day.isoformat(), 'cabai-hijau', '31000', '<b>Pasar</b>', 'pasar'],  # 8: markup as a place
        [(day + dt.timedelta(days=3)).isoformat(), 'cabai-hijau', '31000', 'Pasar Palas', 'pasar'],  # 9: future
        [day.isoformat(), 'cabai-hijau', '999999999', 'Pasar Palas', 'pasar'],  # 10: absurd
        [day.isoformat(), 'cabai-hijau', 'tiga puluh ribu', '', 'pasar'],  # 11: not a number, a market unnamed
    ]


def csv_of(table: list[list[object]]) -> bytes:
    return ('\ufeff' + '\r\n'.join(';'.join(str(c) for c in row) for row in table) + '\r\n').encode('utf-8')


def xlsx_table(table: list[list[object]]) -> bytes:
    import io

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in table:
        sheet.append([dt.date.fromisoformat(c) if isinstance(c, str) and c[:2] == '20' and c[4:5] == '-'
                      and c != '2026-02-30' else c for c in row])  # fmt: skip
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def upload(user: User, data: bytes, name: str) -> None:
    element = next(iter(user.find(ui.upload).elements))
    await element.handle_uploads([ui.upload.SmallFileUpload(name, 'application/octet-stream', data)])


REFUSED = {
    5: 'Tanggal tidak valid', 6: 'Harga harus angka bulat rupiah', 7: 'Komoditas tidak dikenal',
    8: 'Nama tempat tidak valid', 9: 'Tanggalnya belum lewat', 10: 'Harga harus angka bulat rupiah',
    11: 'Harga harus angka bulat rupiah',
}  # fmt: skip


@pytest.mark.parametrize('kind', ['csv', 'xlsx'])
async def test_an_import_saves_its_good_rows_refuses_each_bad_row_and_a_second_time_adds_nothing(
    user: User, kind: str
) -> None:
    await open_as(user, SECRETARIAT, f'/sekretariat/{(await runtime.ready()) and bumidaya().id}/harga')
    await user.should_see(marker='panels-note')
    data = csv_of(price_table()) if kind == 'csv' else xlsx_table(price_table())
    before = new_prices()

    await upload(user, data, f'harga.{kind}')
    await user.should_see('3 harga siap disimpan')
    await user.should_see('7 baris ditolak')
    for row, reason in REFUSED.items():
        card = only(user, f'refused-{row}')
        assert reason in ' '.join(str(e.text) for e in card.descendants() if hasattr(e, 'text')), row
    assert new_prices() == before  # checking saves nothing

    user.find(marker='save-import').click()
    await user.should_see('3 harga tersimpan; 0 sudah ada dari impor sebelumnya.')
    added = [p for i, p in new_prices().items() if i not in before]
    assert sorted((p.commodity, p.price, p.kind) for p in added) == [
        ('cabai-merah-keriting', 44_500, PlaceKind.REFERENCE),
        ('cabai-rawit-merah', 61_000, PlaceKind.REFERENCE),
        ('telur-ayam', 28_500, PlaceKind.REFERENCE),
    ]
    assert {p.by_role for p in added} == {Role.SECRETARIAT}
    assert [e.after for e in runtime.store.all(AuditEntry) if e.action == 'price.import'] == [
        {'secretariat_id': bumidaya().id, 'file': f'harga.{kind}', 'saved': 3}
    ]

    await upload(user, data, f'harga.{kind}')
    await user.should_see('3 harga siap disimpan')
    user.find(marker='save-import').click()
    await user.should_see('0 harga tersimpan; 3 sudah ada dari impor sebelumnya.')
    assert len(new_prices()) == len(before) + 3


async def test_a_csv_that_is_not_utf8_is_refused_whole_with_what_to_do(user: User) -> None:
    await open_as(user, SECRETARIAT, f'/sekretariat/{(await runtime.ready()) and bumidaya().id}/harga')
    before = runtime.store.stats()
    cp1252 = 'tanggal;komoditas;harga;tempat\n2026-12-07;cabai-hijau;30000;Pasar Cilegon \xe9\n'.encode('cp1252')
    await upload(user, cp1252, 'harga.csv')
    await user.should_see('bukan UTF-8')
    await upload(user, b'nama;alamat\nSiti;Palas\n', 'peserta.csv')
    await user.should_see('kolom tanggal, komoditas dan harga')
    assert runtime.store.stats() == before


# ---- who may see them ----------------------------------------------------------------------------------------


async def test_members_of_a_group_it_does_not_reach_are_refused_everywhere(user: User) -> None:
    store = await runtime.ready()
    secretariat, coordinator = bumidaya(), account_of(COORDINATOR)
    [group] = store.all(Group)
    await set_links(store, secretariat.id, group_ids=[], programme_ids=[], by=coordinator.id)  # the KWT unlinked

    assert await log_in(user, *KWT_TRAINEE) == 303
    assert (await user.http_client.get('/harga')).status_code == 403
    assert (await user.http_client.get('/api/prices?commodity=cabai-hijau')).status_code == 403
    await user.open('/')
    await user.should_not_see(marker='todays-prices')
    await user.open(f'/kelompok/{group.id}')
    await user.should_not_see(marker='todays-prices')
    form = PriceForm(commodity='cabai-hijau', kind=PlaceKind.MARKET, place='Pasar Palas', price=30_000, date=today())
    with pytest.raises(DomainError, match='prices_not_yours'):
        await record_price(store, account_of(KWT_TRAINEE), secretariat.id, form, price_id='p-out', today=today(),
                           now=dt.datetime.now(dt.UTC))  # fmt: skip


async def test_a_kue_trainee_whose_course_is_not_linked_is_refused(user: User) -> None:
    await runtime.ready()
    assert await log_in(user, *KUE_TRAINEE) == 303
    assert (await user.http_client.get('/harga')).status_code == 403
    assert (await user.http_client.get('/api/prices?commodity=telur-ayam')).status_code == 403


async def test_its_staff_add_a_commodity_once_and_prices_of_it_are_then_recorded(user: User) -> None:
    store = await runtime.ready()
    staff, now = account_of(SECRETARIAT), dt.datetime.now(dt.UTC)
    form = CommodityForm(key='bawang-merah', name='Bawang merah', unit=PriceUnit.KG)
    added = await add_commodity(store, staff, bumidaya().id, form, commodity_id='c-bawang', now=now)
    again = await add_commodity(store, staff, bumidaya().id, form, commodity_id='c-bawang', now=now)  # a second tap
    assert (added.status, again.status) == ('applied', 'duplicate')
    with pytest.raises(DomainError, match='commodity_key_taken'):  # a key is one commodity everywhere
        await add_commodity(store, staff, bumidaya().id, form, commodity_id='c-bawang-2', now=now)
    with pytest.raises(DomainError, match='commodity_key_taken'):  # a built-in's too
        built_in = CommodityForm(key='cabai-hijau', name='Cabai hijau lagi')
        await add_commodity(store, staff, bumidaya().id, built_in, commodity_id='c-hijau', now=now)
    with pytest.raises(DomainError):  # a member writes prices down but does not extend the list
        other = CommodityForm(key='bawang-putih', name='Bawang putih')
        await add_commodity(store, account_of(KWT_TRAINEE), bumidaya().id, other, commodity_id='c-putih', now=now)
    price = PriceForm(commodity='bawang-merah', kind=PlaceKind.MARKET, place='Pasar Palas', price=38_000, date=today())
    await record_price(store, staff, bumidaya().id, price, price_id='p-bawang', today=today(), now=now)
    await log_in(user, *SECRETARIAT)
    answer = (await user.http_client.get('/api/prices?commodity=bawang-merah&days=7')).json()
    assert (answer['unit'], [p['price'] for p in answer['prices']]) == ('kg', [38_000])
    assert any(e.action == 'price.commodity_add' for e in store.all(AuditEntry))


async def test_once_her_kue_course_is_linked_a_kue_trainee_sees_its_notices_and_her_ingredients_prices(
    user: User,
) -> None:
    store = await runtime.ready()
    secretariat, coordinator = bumidaya(), account_of(COORDINATOR)
    kue = next(p for p in store.all(Programme) if p.kind == ProgrammeKind.KUE)
    await set_links(store, secretariat.id, group_ids=secretariat.group_ids,
                    programme_ids=[*secretariat.programme_ids, kue.id], by=coordinator.id)  # fmt: skip
    await open_as(user, KUE_TRAINEE)
    await user.should_see(marker='todays-prices')
    await user.should_see(marker='todays-telur-ayam')  # the kue course's ingredients, not the chili
    await user.should_not_see(marker='todays-cabai-merah-keriting')
    await user.should_see(marker='notices-new')  # the secretariat's notices reach her now
    answer = await user.http_client.get('/api/prices?commodity=telur-ayam&days=30')
    assert answer.status_code == 200 and answer.json()['prices']
    notices = (await user.http_client.get('/api/notices')).json()['notices']
    assert notices and {n['secretariat'] for n in notices} == {secretariat.name}


async def test_the_group_book_shows_todays_chili_prices_the_months_and_the_prices_beside_her_sale(user: User) -> None:
    store = await runtime.ready()
    [group] = store.all(Group)
    await open_as(user, KWT_TRAINEE, f'/kelompok/{group.id}')
    await user.should_see(marker='todays-cabai-merah-keriting')
    months = table_rows(user, 'months-table-row')
    this_month = months[short_date(today().replace(day=1)).split(' ', 1)[-1]]
    assert len(this_month) == 4 and all(c == '–' or c.replace('.', '').isdigit() for c in this_month)

    user.find(marker='add-group-sale').click()
    guide = table_rows(user, 'sale-guide-row')['Cabai merah keriting']
    latest = latest_of(store, [bumidaya().id], commodity_by_key(store, CURLY), today())
    shown = [latest.of(kind) for kind in (PlaceKind.REFERENCE, PlaceKind.COLLECTOR, PlaceKind.MARKET)]
    assert guide == [f'{k.price:,}'.replace(',', '.') if k else '–' for k in shown]


def table_rows(user: User, marker: str) -> dict[str, list[str]]:
    """A price table's rows as read: first cell → the others' texts."""
    rows = {}
    for row in user.find(marker=marker).elements:
        cells = [str(e.text) for e in row.descendants() if isinstance(e, ui.label)]
        rows[cells[0]] = cells[1:]
    return rows


# ---- GET /api/prices -----------------------------------------------------------------------------------------


@pytest.mark.parametrize('who', [KWT_TRAINEE, SECRETARIAT, COORDINATOR], ids=['member', 'staff', 'coordinator'])
async def test_the_api_gives_a_commodity_s_prices_of_the_last_days(user: User, who: tuple[str, str]) -> None:
    await runtime.ready()
    assert await log_in(user, *who) == 303
    answer = (await user.http_client.get('/api/prices?commodity=cabai-merah-keriting&days=7')).json()

    assert set(answer) == {'commodity', 'unit', 'prices'}
    assert (answer['commodity'], answer['unit']) == ('cabai-merah-keriting', 'kg')
    stored = [p for p in runtime.store.all(MarketPrice) if p.commodity == 'cabai-merah-keriting' and not p.deleted
              and today() - dt.timedelta(days=6) <= p.date <= today()]  # fmt: skip
    assert len(answer['prices']) == len(stored) > 10
    dates = [p['date'] for p in answer['prices']]
    assert dates == sorted(dates) and dates[-1] == today().isoformat()
    for item in answer['prices']:
        assert set(item) == {'date', 'kind', 'place', 'price', 'by_role'}
        assert isinstance(item['price'], int) and item['by_role'] in ('sekretariat', 'peserta')
    assert {p['place'] for p in answer['prices']} >= {'Pasar Palas', 'Pengepul Haji Dasuki'}


async def test_the_api_refuses_what_it_cannot_answer(user: User) -> None:
    await runtime.ready()
    assert (await user.http_client.get('/api/prices?commodity=cabai-hijau')).status_code == 401
    assert await log_in(user, *KWT_TRAINEE) == 303
    assert (await user.http_client.get('/api/prices?commodity=bawang-putih')).status_code == 404
    assert (await user.http_client.get('/api/prices')).status_code == 404
    for days in ('0', '367', 'abc', '-1', '9' * 5000, '%00', '1.5'):
        response = await user.http_client.get(f'/api/prices?commodity=cabai-hijau&days={days}')
        assert response.status_code == 422, days
        assert 'hari' in response.json()['error']
    assert (await user.http_client.get('/api/prices?commodity=cabai-hijau&days=366')).status_code == 200


# ---- in her language -----------------------------------------------------------------------------------------


async def test_the_price_pages_and_their_chart_have_no_english(user: User) -> None:
    from .test_no_english import chart_texts, check, check_page

    await runtime.ready()
    await log_in(user, *KWT_TRAINEE)
    await check_page(user, '/harga', then=['record-price'])
    await user.open('/harga')
    [chart] = user.find(kind=ui.echart).elements
    check('price chart', chart_texts(chart.options))
    await log_in(user, *SECRETARIAT)
    await check_page(user, '/harga')
    await check_page(user, f'/sekretariat/{bumidaya().id}/harga', then=['type-reference'])


async def test_the_group_books_months_set_its_own_price_beside_the_months_mean_prices(tmp_path: Path) -> None:
    from store import Store

    store = await Store.open(tmp_path / 'data')
    at = dt.datetime(2026, 12, 7, 2, tzinfo=dt.UTC)

    def price(kind: PlaceKind, day: int, rupiah: int, month: int = 12, place: str = 'Pasar Palas') -> MarketPrice:
        return MarketPrice(id=f'{kind.value}-{month}-{day}-{rupiah}', secretariat_id='s', commodity=CURLY, kind=kind,
                           place=place, price=rupiah, date=dt.date(2026, month, day), by_role=Role.SECRETARIAT,
                           recorded_at=at)  # fmt: skip

    def sale(day: int, kg: str, per_kg: int, month: int = 12, **more: object) -> GroupSale:
        return GroupSale(id=f'g-{month}-{day}-{kg}', group_id='kwt', date=dt.date(2026, month, day), kg=Decimal(kg),
                         price_per_kg=per_kg, **more)  # type: ignore[arg-type]  # fmt: skip

    await store.put(
        price(PlaceKind.REFERENCE, 1, 40_000),
        price(PlaceKind.REFERENCE, 2, 44_000),  # December's mean: 42.000
        price(PlaceKind.COLLECTOR, 3, 30_000, place='Haji Dasuki'),
        price(PlaceKind.MARKET, 4, 50_000),
        price(PlaceKind.MARKET, 4, 54_000, place='Pasar Bakauheni'),  # median
        price(PlaceKind.REFERENCE, 10, 36_000, month=11),
        sale(2, '10', 30_000),
        sale(5, '30', 34_000),  # (300.000 + 1.020.000) ÷ 40 kg = 33.000 a kg
        sale(6, '99', 1_000, deleted=True),  # taken back: not counted
        sale(20, '5', 28_000, month=11),
    )
    rows = group_months(store, 'kwt', ['s'], CURLY, dt.date(2026, 12, 7))
    assert [(r.month, r.group, r.reference, r.collector, r.market) for r in rows] == [
        (dt.date(2026, 12, 1), 33_000, 42_000, 30_000, 52_000),
        (dt.date(2026, 11, 1), 28_000, 36_000, None, None),
    ]
    await store.close()
