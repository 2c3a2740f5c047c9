"""Light on the wire and on the server (ui/static.py, ui/speedups.py): files compressed once, cached for a
year where their address says their version, asked again only by ETag elsewhere; no Roboto download; an
icon font with only the icons the app uses. `bench/weight.py` measures the whole visit in Chromium."""

from __future__ import annotations

import gzip
import io
from typing import Any

import brotli
import httpx
import nicegui
import pytest
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st
from nicegui import app, binding, client, helpers, ui
from nicegui.testing import User
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import Receive, Scope, Send

from ui import icons, speedups, static
from ui.runtime import runtime

from .conftest import KUE_TRAINEE, account, her_product, log_in

QUASAR = f'/_nicegui/{nicegui.__version__}/static/quasar.umd.prod.js'
FONTS = f'/_nicegui/{nicegui.__version__}/static/fonts.css'


async def fetch(user: User, path: str, encoding: str = 'br, gzip', **headers: str) -> tuple[int, dict[str, str], bytes]:
    """What the app sends, undecoded: status, headers, the body as it travels."""
    request = user.http_client.build_request('GET', path, headers={'accept-encoding': encoding, **headers})
    response = await user.http_client.send(request, stream=True)
    body = b''.join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return response.status_code, dict(response.headers), body


async def test_nicegui_files_come_compressed_once_and_cached_for_a_year(user: User) -> None:
    plain = (static.NICEGUI_STATIC / 'quasar.umd.prod.js').read_bytes()
    status, headers, body = await fetch(user, QUASAR)
    assert status == 200 and headers['content-encoding'] == 'br'
    assert brotli.decompress(body) == plain and len(body) < len(plain) / 3
    assert headers['cache-control'] == 'public, max-age=31536000, immutable'
    assert headers['vary'] == 'Accept-Encoding'  # not Cookie: a new log-in must not fetch it all again
    assert 'set-cookie' not in headers
    _, headers, body = await fetch(user, QUASAR, 'gzip')
    assert headers['content-encoding'] == 'gzip' and gzip.decompress(body) == plain
    _, headers, body = await fetch(user, QUASAR, 'identity')
    assert 'content-encoding' not in headers and body == plain
    status, _, body = await fetch(user, QUASAR, 'br', **{'if-none-match': headers['etag']})
    assert status == 304 and body == b''


async def test_a_logged_in_phone_gets_the_same_cacheable_answer(user: User) -> None:
    _, anonymous, anonymous_body = await fetch(user, QUASAR)
    await log_in(user, *KUE_TRAINEE)
    _, headers, body = await fetch(user, QUASAR)
    assert headers['vary'] == 'Accept-Encoding' and 'set-cookie' not in headers
    assert (headers['etag'], headers['cache-control'], body) == (
        anonymous['etag'],
        anonymous['cache-control'],
        anonymous_body,
    )


async def test_no_roboto_and_only_our_icons(user: User) -> None:
    _, _, body = await fetch(user, FONTS, 'identity')
    css = body.decode()
    assert 'Roboto' not in css and 'font-family: "Material Icons";' not in css.split('.material-icons')[0]
    assert '.material-icons' in css  # the class stays: the face comes from `icon_face()`
    url = icons.ICON_PATH.format(key=icons.icon_key())
    assert url in icons.icon_face()
    status, headers, body = await fetch(user, url)
    assert status == 200 and headers['cache-control'].endswith('immutable') and len(body) < 20_000
    font = TTFont(io.BytesIO(body))
    # the subset's own names, read back from its ligature table
    letter = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    ligatures = {
        letter[first] + ''.join(letter[c] for c in lig.Component)
        for lookup in font['GSUB'].table.LookupList.Lookup
        for table in lookup.SubTable
        for first, ligs in getattr(table, 'ligatures', {}).items()
        for lig in ligs
    }
    assert {'home', 'storefront', 'emoji_events', 'sell', 'request_quote', 'arrow_drop_down'} <= ligatures
    assert set(icons.icon_names()) <= ligatures and len(ligatures) < 2 * len(icons.icon_names())


async def test_our_own_files_are_revalidated_by_etag(user: User) -> None:
    status, headers, body = await fetch(user, '/assets/offline/offline.js')
    assert status == 200 and headers['cache-control'] == 'public, no-cache' and headers['content-encoding'] == 'br'
    status, _, body = await fetch(user, '/assets/offline/offline.js', **{'if-none-match': headers['etag']})
    assert status == 304 and body == b''
    assert (await fetch(user, '/assets/js/../../ui/app.py'))[0] == 404


@pytest.mark.parametrize('path', static.CONSTANT_ROUTES)
async def test_the_pwa_files_are_the_same_for_everyone_and_compressed(user: User, path: str) -> None:
    _, first_headers, anonymous = await fetch(user, path, 'identity')
    user.http_client.cookies.set('berdaya_lang', 'en')
    await log_in(user, *KUE_TRAINEE)
    _, headers, body = await fetch(user, path, 'br')
    assert brotli.decompress(body) == anonymous  # remembered once: nothing in it may depend on who asks
    assert headers['content-type'] == first_headers['content-type'] and 'set-cookie' not in headers
    if path == '/sw.js':
        assert headers['service-worker-allowed'] == '/'


def test_remembering_signatures_gives_the_same_answers() -> None:
    class Handlers:
        def with_event(self, event: object) -> None: ...

        def without(self) -> None: ...

        def optional(self, event: object = None) -> None: ...

    one, two = Handlers(), Handlers()
    for method in (one.with_event, one.without, one.optional, two.with_event, lambda e: None, lambda: None):
        assert speedups.expects_arguments(method) == speedups._original(method)
    speedups.apply()
    assert helpers.expects_arguments is speedups.expects_arguments


def test_remembered_event_names_and_the_page_template_answer_as_before() -> None:
    speedups.apply()
    for name in ('click', 'update:model-value', 'keydown.enter', 'key-up.ctrl.a', 'value-change', ''):
        assert helpers.event_type_to_camel_case(name) == speedups._camel_case(name)
    assert not client.templates.env.auto_reload  # NiceGUI's template read once, not asked about on every view
    assert client.templates.get_template('index.html') is client.templates.get_template('index.html')


@given(st.text(alphabet=st.sampled_from('&<>`$;#a ·–é😀\\"\'amp').map(str) | st.characters(), max_size=60))
def test_the_page_data_is_escaped_as_nicegui_escapes_it(text: str) -> None:
    assert speedups.escaped(text) == text.translate(client.HTML_ESCAPE_TABLE)
    assert speedups.PageData(text).translate(client.HTML_ESCAPE_TABLE) == text.translate(client.HTML_ESCAPE_TABLE)
    assert speedups.PageData(text).translate({ord('a'): 'b'}) == text.translate({ord('a'): 'b'})


@pytest.mark.demo
async def test_a_name_with_markup_and_non_ascii_reaches_the_page_escaped(user: User) -> None:
    """The page's data goes through the faster escape (ui/speedups.py): markup in a name stays text."""
    assert isinstance(client.json, speedups.PageJson)  # the app put it in place
    assert client.json.dumps({'a': 1}) == '{"a":1}' and client.json.loads('{"a":1}') == {'a': 1}
    store = await runtime.ready()
    name = '<script>alert(1)</script> Siti · Rp $5 `x` & co'
    await store.put(account(KUE_TRAINEE[0]).model_copy(update={'name': name}))
    await her_product(name=name)  # a label's text on her home: the page's data as it is
    await log_in(user, *KUE_TRAINEE)
    html = (await user.http_client.get('/')).text
    assert '&lt;script&gt;alert(1)&lt;/script&gt; Siti · Rp &#36;5 &#96;x&#96; &amp; co' in html
    # and the greeting, one html element: escaped as HTML by the page (ui/pages/home.py), then as page data
    assert '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; Siti · Rp &#36;5 &#96;x&#96; &amp;amp; co' in html
    assert '<script>alert(1)' not in html


async def asgi_answer(layer: type, path: str, headers: dict[str, str], location: str = '') -> httpx.Response:
    """`layer` around an app that answers 200 (with `location` as its Location header, if any)."""

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        answer = [(b'location', location.encode())] if location else []
        await send({'type': 'http.response.start', 'status': 200, 'headers': answer})
        await send({'type': 'http.response.body', 'body': b'ok'})

    transport = httpx.ASGITransport(app=layer(inner))
    async with httpx.AsyncClient(transport=transport, base_url='http://test') as http:
        return await http.get(path, headers=headers)


@pytest.mark.parametrize(
    ('prefix', 'location', 'sent'),
    [('/berdaya', '/login', '/berdaya/login'), ('', '/login', '/login'), ('/berdaya', 'https://x.example/a', None),
     ('/berdaya', '', None)],
)  # fmt: skip
async def test_a_redirect_behind_a_proxy_gets_its_prefix_as_nicegui_gives_it(
    prefix: str, location: str, sent: str | None
) -> None:
    headers = {'x-forwarded-prefix': prefix} if prefix else {}
    response = await asgi_answer(speedups.PrefixedRedirects, '/x', headers, location)
    assert response.headers.get('location') == (sent or location or None) and response.text == 'ok'


@pytest.mark.parametrize(
    ('path', 'cached'),
    [(f'/_nicegui/{nicegui.__version__}/components/abc/html.js', True),
     (f'/_nicegui/{nicegui.__version__}/dynamic_resources/abc.js', False),
     ('/_nicegui/0.0.1/components/abc/html.js', False), ('/', False), ('/toko/_nicegui/', False)],
)  # fmt: skip
async def test_nicegui_files_are_cached_as_nicegui_caches_them(user: User, path: str, cached: bool) -> None:
    from nicegui import core  # its configuration is the app's once started (the user fixture)

    response = await asgi_answer(speedups.CachedNiceGuiFiles, path, {})
    assert response.headers.get('cache-control') == (core.app.config.cache_control_directives if cached else None)


@pytest.mark.demo
async def test_no_answer_goes_through_a_base_http_middleware_or_a_session(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)
    response = await user.http_client.get('/')
    layers = [m.cls for m in app.user_middleware]
    assert speedups.PrefixedRedirects in layers and speedups.CachedNiceGuiFiles in layers
    assert not [layer for layer in layers if isinstance(layer, type) and issubclass(layer, BaseHTTPMiddleware)]
    assert SessionMiddleware not in layers and 'set-cookie' not in response.headers


@pytest.mark.demo
async def test_a_page_being_built_queues_no_updates_and_a_built_one_does(user: User) -> None:
    """While her page is built nothing goes to its outbox (NiceGUI empties it unread when the HTML is made);
    NiceGUI's renamed props are still renamed, and once the HTML is out, a change is queued for her socket."""
    seen: dict[str, object] = {}

    @ui.page('/speedups-probe')
    def probe() -> None:
        view = ui.context.client
        label = ui.label('one').classes('a').style('color:red')
        label.props['title'] = 'x'
        old = ui.element('div')
        old.props['resource_path'] = '/r'  # copied to its new name by NiceGUI, as without the shortcut
        seen.update(label=label, queued=dict(view.outbox.updates), renamed=dict(old.props))

    await log_in(user, *KUE_TRAINEE)
    view = await user.open('/speedups-probe')
    label = seen['label']
    assert seen['queued'] == {} and seen['renamed'] == {'resource_path': '/r', 'resource-path': '/r'}
    assert label.props['title'] == 'x' and 'a' in label.classes and label.style['color'] == 'red'  # type: ignore[attr-defined]
    label.classes('b')  # type: ignore[attr-defined]
    label.text = 'two'  # type: ignore[attr-defined]
    assert label.id in view.outbox.updates  # type: ignore[attr-defined]
    await user.should_see('two')


@pytest.mark.demo
async def test_bindings_follow_and_a_property_without_one_asks_nobody(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    @ui.page('/binding-probe')
    def probe() -> None:
        state = {'text': 'one'}
        bound = ui.label().bind_text_from(state, 'text')
        seen.update(state=state, bound=bound, alone=ui.label('alone'))

    await log_in(user, *KUE_TRAINEE)
    view = await user.open('/binding-probe')
    asked: list[tuple[str, ...]] = []
    original = binding._propagate
    monkeypatch.setattr(binding, '_propagate', lambda owner, name: (asked.append(name), original(owner, name)))
    seen['alone'].text = 'changed'  # no binding: nobody to ask
    assert asked == [] and seen['alone'].text == 'changed'
    with view:  # a label bound the other way: setting it must propagate
        target = ui.label()
    source = seen['bound']
    target.bind_text_to(seen['state'], 'mirror')
    asked.clear()
    target.text = 'two'
    assert asked == [('text',)] and seen['state']['mirror'] == 'two'
    seen['state']['text'] = 'three'  # the page's own binding, from the dictionary: NiceGUI's refresh loop
    await user.should_see('three')
    assert source.text == 'three'


@pytest.mark.demo
async def test_a_binding_from_a_bindable_property_follows_without_polling(user: User) -> None:
    seen: dict[str, Any] = {}

    @ui.page('/binding-from-property')
    def probe() -> None:
        seen.update(state={}, label=ui.label('first'), slider=ui.slider(min=0, max=9))

    await log_in(user, *KUE_TRAINEE)
    view = await user.open('/binding-from-property')
    polled = len(binding.active_links)
    seen['label'].bind_text_to(seen['state'], 'text')
    seen['slider'].bind_value_to(seen['state'], 'value')
    assert len(binding.active_links) == polled  # each property says when it changes: nothing to poll
    seen['label'].text, seen['slider'].value = 'second', 7
    assert seen['state'] == {'text': 'second', 'value': 7}
    not_bindable = {'value': 1}
    with view:
        ui.label().bind_text_from(not_bindable, 'value')  # a dictionary's entry is polled, as NiceGUI polls it
    assert len(binding.active_links) == polled + 1


async def test_event_listeners_are_numbered_apart_and_still_heard(user: User) -> None:
    taps: list[str] = []

    @ui.page('/listener-probe')
    def probe() -> None:
        ui.button('one', on_click=lambda: taps.append('one'))
        ui.button('two', on_click=lambda: taps.append('two')).on('dblclick', lambda: taps.append('double'))

    view = await user.open('/listener-probe')
    ids = [listener.id for element in view.elements.values() for listener in element._event_listeners.values()]
    assert len(ids) == len(set(ids)) >= 3 and all(len(i) < 16 for i in ids)  # numbers, not 36-character UUIDs
    user.find('one').click()
    user.find('two').click()
    assert taps == ['one', 'two']


@pytest.mark.demo
async def test_a_deleted_view_drops_its_elements_without_queueing_messages(user: User) -> None:
    await log_in(user, *KUE_TRAINEE)
    view = await user.open('/')
    elements = list(view.elements.values())
    assert len(elements) > 10
    view.outbox.updates.clear()
    view.delete()
    assert view.elements == {} and all(element.is_deleted for element in elements)
    assert view.outbox.updates == {}  # nothing queued for a socket that will never send it
