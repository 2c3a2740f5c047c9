"""The secretariat's public page and its message form, as anyone with a link meets them: small, plain, Indonesian
first, its help abroad as tel: links; and whatever is sent to the form (HTML, 100 KB, numbers that are none,
invalid UTF-8, a flood from one address) gets a clear answer, never a 5xx, and nothing half-saved."""

from __future__ import annotations

import re
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nicegui.testing import User

from models.helpdesk import MARKUP, HelpdeskMessage
from store.secretariats import update_secretariat
from ui import helpdesk_public
from ui.runtime import runtime

from .conftest import account, bumidaya
from .test_no_english import check, plain_text

pytestmark = pytest.mark.demo

PAGE = '/sekretariat/bumidaya'
FORM = f'{PAGE}/pesan'
GOOD = {'jenis': 'keluarga', 'nama': 'Suparmi', 'no_hp': '0813 7788 1122', 'negara': 'Malaysia',
        'pesan': 'Anak saya di Johor Bahru tidak bisa dihubungi.'}  # fmt: skip
URLENCODED = {'content-type': 'application/x-www-form-urlencoded'}
MAX_KB = 30


def fields_of(html: str) -> dict[str, str]:
    """What the form shows in each field (as a browser reads the HTML back)."""
    inputs = dict(re.findall(r'<input id="(\w+)" name="\w+"[^>]* value="([^"]*)"', html))
    area = re.search(r'<textarea[^>]*>(.*?)</textarea>', html, re.S)
    return inputs | {'pesan': area.group(1) if area else ''}


def held() -> list[dict[str, object]]:
    return sorted((m.model_dump(mode='json') for m in runtime.store.all(HelpdeskMessage)), key=lambda d: str(d['id']))


# ---- the page ------------------------------------------------------------------------------------------------


async def test_the_page_says_what_it_offers_how_to_reach_it_and_how_to_get_help_abroad(user: User) -> None:
    await runtime.ready()
    response = await user.http_client.get(PAGE)

    assert response.status_code == 200
    html = response.text
    for seen in ('Sekretariat PMI Purna Desa Bumidaya', 'Layanan kami', 'Senin–Jumat 08.00–15.00 WIB',
                 'Yang perlu dibawa', 'KTP, Kartu Keluarga', 'Butuh bantuan di luar negeri?', 'KP2MI',
                 'Saya PMI di luar negeri', 'Saya keluarga PMI', 'No. WhatsApp', 'Kirim pesan'):  # fmt: skip
        assert seen in html, seen
    assert 'href="https://wa.me/6281300009001?text=' in html
    assert 'href="tel:0800-1000"' not in html and 'href="tel:08001000"' in html  # dialled as digits
    assert 'href="tel:+622129244800"' in html  # the agency from abroad
    assert 'href="tel:+85228904421"' in html and 'KJRI Hong Kong' in html  # a consulate of its settings
    assert '<html lang="id"' in html


async def test_it_is_plain_html_with_no_script_loads_nothing_else_and_weighs_under_30_kb(user: User) -> None:
    await runtime.ready()
    response = await user.http_client.get(PAGE)
    html = response.text

    assert '<script' not in html.lower() and not re.search(r'<[^>]+\son\w+\s*=', html)  # no script, no handler
    loaded = re.findall(r'<(?:img|script|iframe|audio|video|source)\b[^>]*\bsrc="([^"]*)"', html)
    loaded += re.findall(r'<link\b[^>]*\bhref="([^"]*)"', html)
    loaded += re.findall(r'url\(([^)]*)\)', html)
    assert [url for url in loaded if not url.startswith('data:')] == []  # nothing more to fetch, not even an icon
    assert len(response.content) <= MAX_KB * 1024, len(response.content)
    assert 'method="post" action="/sekretariat/bumidaya/pesan?lang=id"' in html  # the form needs no script


async def test_in_english_when_asked_and_no_english_in_indonesian(user: User) -> None:
    await runtime.ready()
    english = (await user.http_client.get(f'{PAGE}?lang=en')).text
    assert 'I am a migrant worker abroad' in english and 'Need help abroad?' in english
    pages = {
        'page': (await user.http_client.get(PAGE)).text,
        'thanks': (await user.http_client.post(FORM, data=GOOD)).text,
        'refused': (await user.http_client.post(FORM, data=GOOD | {'no_hp': '12'})).text,
        'not found': (await user.http_client.get('/sekretariat/tidak-ada')).text,
    }
    agency = (await bumidaya()).agency_name
    for where, html in pages.items():
        check(where, plain_text(html.replace(agency, '')))  # the agency's own name, as its settings write it


async def test_an_unknown_or_inactive_secretariat_is_not_found(user: User) -> None:
    secretariat = await bumidaya()
    assert (await user.http_client.get('/sekretariat/tidak-ada')).status_code == 404
    settings_ = secretariat.settings().model_copy(update={'active': False})
    await update_secretariat(runtime.store, secretariat.id, settings_, by=account('koordinator').id)

    page = await user.http_client.get(PAGE)
    sent = await user.http_client.post(FORM, data=GOOD)

    assert page.status_code == 404 and 'Sekretariat tidak ditemukan' in page.text
    assert sent.status_code == 404 and runtime.store.count(HelpdeskMessage) == 5


# ---- the form ------------------------------------------------------------------------------------------------


async def test_a_refused_form_comes_back_with_what_she_typed_and_each_problem_beside_its_field(user: User) -> None:
    await runtime.ready()
    typed = GOOD | {'nama': 'Bu <Parmi> "Ibu"', 'no_hp': '852 9123 4567', 'pesan': 'Tolong <b>segera</b>'}
    response = await user.http_client.post(FORM, data=typed)

    assert response.status_code == 422
    html = response.text
    assert fields_of(html) == {
        'nama': 'Bu &lt;Parmi&gt; &quot;Ibu&quot;', 'no_hp': '852 9123 4567', 'negara': 'Malaysia',
        'pesan': 'Tolong &lt;b&gt;segera&lt;/b&gt;',
    }  # fmt: skip
    assert 'value="keluarga" required checked' in html
    errors = dict(re.findall(r'<p class="field-error" id="(\w+)-error">([^<]*)</p>', html))
    assert set(errors) == {'nama', 'no_hp', 'pesan'}
    assert 'kode negara' in errors['no_hp'] and 'tanpa kode HTML' in errors['pesan']
    assert '<b>segera' not in html and runtime.store.count(HelpdeskMessage) == 5


@pytest.mark.parametrize(
    ('number', 'saved'),
    [('+852 9123 4567', '+852 9123 4567'), ('+886912345678', '+886912345678'), ('0812-3456-7890', '0812-3456-7890'),
     ('00852 9123 4567', '00852 9123 4567'), ('+62 812 3456 7890', '+62 812 3456 7890'),
     ('+60 12-345 6789', '+60 12-345 6789')],
)  # fmt: skip
async def test_indonesian_and_international_numbers_are_kept_as_given(user: User, number: str, saved: str) -> None:
    await runtime.ready()
    response = await user.http_client.post(FORM, data=GOOD | {'no_hp': number})
    assert response.status_code == 200
    assert any(m.phone == saved for m in runtime.store.all(HelpdeskMessage))


@pytest.mark.parametrize(
    'number', ['12', '852 9123 4567', '+0 123 4567', '0712 3456', 'wa saya', '+852 9123 4567 ext 2', '']
)
async def test_a_number_nobody_can_answer_is_refused_in_words(user: User, number: str) -> None:
    await runtime.ready()
    response = await user.http_client.post(FORM, data=GOOD | {'no_hp': number})
    assert response.status_code == 422
    assert 'id="no_hp-error"' in response.text
    assert runtime.store.count(HelpdeskMessage) == 5


@pytest.mark.parametrize(
    ('body', 'status', 'words'),
    [
        (b'jenis=pmi&nama=Siti&no_hp=%2B85291234567&negara=HK&pesan=%FF%FE', 400, 'Isian tidak bisa dibaca'),
        (b'jenis=pmi&nama=Siti\xff&no_hp=%2B85291234567&negara=HK&pesan=x', 400, 'Isian tidak bisa dibaca'),
        (b'pesan=' + b'a' * 100_000, 413, 'Isian terlalu besar'),
        (b'pesan=' + b'%E4%BD%A0' * 11_000, 413, 'Isian terlalu besar'),
    ],
    ids=['percent-encoded', 'raw', '100-kb', 'cjk-99-kb'],
)  # fmt: skip
async def test_a_body_that_is_no_form_is_refused_whole(user: User, body: bytes, status: int, words: str) -> None:
    await runtime.ready()
    response = await user.http_client.post(FORM, content=body, headers=URLENCODED)
    assert (response.status_code, words in response.text) == (status, True)
    assert runtime.store.count(HelpdeskMessage) == 5


async def test_a_form_that_is_not_url_encoded_is_refused(user: User) -> None:
    await runtime.ready()
    for kind in ('application/json', 'text/plain', 'multipart/form-data; boundary=x'):
        response = await user.http_client.post(FORM, content=b'{"pesan": "x"}', headers={'content-type': kind})
        assert response.status_code == 415, kind
    assert runtime.store.count(HelpdeskMessage) == 5


async def test_a_flood_from_one_address_is_slowed_after_ten_forms(user: User) -> None:
    await runtime.ready()
    answers = [
        (await user.http_client.post(FORM, data=GOOD | {'pesan': f'Pesan nomor {n}'})).status_code for n in range(25)
    ]
    assert answers == [200] * helpdesk_public.ADDRESS_POSTS + [429] * (25 - helpdesk_public.ADDRESS_POSTS)
    assert runtime.store.count(HelpdeskMessage) == 5 + helpdesk_public.ADDRESS_POSTS
    slowed = await user.http_client.post(FORM, data=GOOD)
    assert 'Terlalu banyak pesan dari perangkat ini' in slowed.text


# ---- anything at all, from hypothesis -------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
                     '</textarea><b>x</b>', '<!-- -->', 'gaji < 5 juta', '&lt;b&gt;', '\x00\x01\u202e', '  ']),
    st.text(min_size=1, max_size=3).map(lambda s: s * 40_000),  # 40 to 120 thousand characters
)  # fmt: skip
phones = st.one_of(
    st.text(alphabet='+0123456789 -().x', max_size=25),
    st.sampled_from(['+852 9123 4567', '081234567890', '+886 912 345 678', '00', '+', '0' * 40]),
)
raw_bytes = st.binary(max_size=400)


def encoded(fields: dict[str, str | bytes]) -> bytes:
    """A url-encoded body whose values may be any bytes (a value given as text is sent as UTF-8)."""
    parts = []
    for name, value in fields.items():
        data = value if isinstance(value, bytes) else value.encode('utf-8', 'surrogatepass')
        parts.append(f'{name}={quote_from_bytes(data)}')
    return '&'.join(parts).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(['pmi', 'keluarga', '', 'PMI', '<b>']),
    name=hostile_text, phone=phones, country=hostile_text, text=hostile_text | raw_bytes,
)  # fmt: skip
async def test_anything_sent_gets_a_clear_answer_never_a_5xx_and_nothing_half_saved(
    user: User, kind: str, name: str, phone: str, country: str, text: str | bytes
) -> None:
    await runtime.ready()
    helpdesk_public.throttle.sent.clear()
    before = held()
    body = encoded({'jenis': kind, 'nama': name, 'no_hp': phone, 'negara': country, 'pesan': text})

    response = await user.http_client.post(FORM, content=body, headers=URLENCODED)

    after = held()
    assert response.status_code in (200, 400, 413, 422), response.status_code
    assert '<html lang="id"' in response.text and 'field-error' in response.text or response.status_code != 422
    if response.status_code == 200:
        assert 'Terima kasih' in response.text
        assert len(after) in (len(before), len(before) + 1)  # new, or the same message found again
        for record in after:
            assert not [v for v in (record['name'], record['country'], record['text']) if MARKUP.search(str(v))]
    else:
        assert after == before  # nothing of it saved
    assert '<script>alert' not in response.text and '<img src=x' not in response.text
