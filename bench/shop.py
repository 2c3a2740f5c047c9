#!/usr/bin/env python
"""Her shop with photos on a cheap phone: bytes before the first screenful, all bytes, and the server's CPU a view.

Run from a clone: `python bench/shop.py` (about three minutes). It
  * seeds a temp data folder through the store: one seller whose shop has PRODUCTS products, each with a photo
    drawn by Pillow (a plate of kue on a table with texture at several scales, so its JPEGs weigh what a phone
    photo's do: about 150 KB at 1080 px, 16 KB at 320 px) added as she adds one (`add_photo`), and a second
    seller with the same products without photos (the text shop, the baseline);
  * starts the app on that folder in its own process (`python main.py --data …`), puts the TCP relay of
    `bench/weight.py` between it and Debian's Chromium (headless, 360×740, device pixel ratio 2) to count the
    bytes the app sends, and opens each shop cold (cache, service worker and Cache Storage emptied):
      - first screen: what arrived before the first screenful was complete, from the page's Resource Timing:
        the page and every response that ended before the last of the images whose top lies inside the first
        740 px ended (Chromium also fetches lazy images a little below the screen; what ended by then counts);
      - total: everything the app sent over TCP (headers, bodies, favicon) once the page is scrolled to its
        bottom, each lazy image loaded, and nothing has come for half a second;
  * server CPU per view: the CPU time of the app's threads (`/proc/<pid>/task/*/schedstat`, to the ns) in each
    of VIEWS cold views of each shop, taken in turns (a busy moment of the machine falls on both alike), less
    the app's idling for as long (its rate measured over IDLE_SECONDS before the views). Two kinds of view: a
    buyer opens the link and looks (the first screenful and what the page fetches below it unasked, until
    nothing has come for LOOK seconds), and one who scrolls to the bottom (every thumbnail). The median view of
    each is printed beside the mean (a view costs a few ms; a moment when the machine is busy elsewhere costs
    more and lands on one view or another). The ratio is the photo shop's median over the text shop's.

The last line is machine-readable: `first_screen_kb=<x> total_kb=<x> cpu_ms_per_view=<x> ratio_vs_text_shop=<x>`
(KB = 1,000 bytes; the photo shop's figures; CPU of the view she opens and looks at). Targets (issue 18): first
screen ≤ 150 KB, total ≤ 600 KB, ratio ≤ 1.5.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from selenium import webdriver  # noqa: E402

from bench.served import free_port, served  # noqa: E402
from bench.weight import Relay, chromium, forget  # noqa: E402

PRODUCTS = 30
VIEWS = 40
IDLE_SECONDS = 20.0
PHOTO_SHOP, TEXT_SHOP = 'dapur-foto', 'dapur-teks'
SHOPS = (PHOTO_SHOP, TEXT_SHOP)
KINDS = {'opened': 'opened, looked at (not scrolled)', 'scrolled': 'scrolled to the bottom'}
LOOK = 0.5  # seconds with nothing coming: the view is over
SCREEN = 740  # px: the first screenful of a 360×740 phone
SECRET = 'bench-shop-secret'

# What the first screenful took: the page and each response that ended before its last shown image ended.
FIRST_SCREEN_JS = """
const shown = [...document.images].filter(i => i.getBoundingClientRect().top < arguments[0]);
const loaded = i => i.complete && i.naturalWidth && !i.dataset.src;  // data-src: still waiting for the shop's script
if (document.readyState !== 'complete' || !shown.every(loaded)) return null;
const nav = performance.getEntriesByType('navigation')[0];
const fetched = performance.getEntriesByType('resource');
const wanted = new Set(shown.map(i => i.currentSrc));
const end = Math.max(nav.responseEnd, ...fetched.filter(r => wanted.has(r.name)).map(r => r.responseEnd));
const before = fetched.filter(r => r.responseEnd <= end);
return {bytes: nav.transferSize + before.reduce((sum, r) => sum + r.transferSize, 0),
        shown: shown.length, fetched: before.length};
"""
IMAGES_FETCHED_JS = "return performance.getEntriesByType('resource').filter(r => r.initiatorType === 'img').length"
SCROLLED_JS = """
window.scrollBy(0, arguments[0]);
const bottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
return bottom && [...document.images].every(i => i.complete && i.naturalWidth && !i.dataset.src);
"""


class Look(NamedTuple):
    first_screen: int  # bytes (Resource Timing) before the first screenful was complete
    shown: int  # images inside the first screenful
    fetched_by_then: int  # responses that had ended by then (lazy images just below the screen too)
    opened_images: int  # images fetched once the page had been looked at for LOOK seconds, not scrolled
    total: int  # bytes the app sent over TCP, scrolled to the bottom
    images: int


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        data = Path(temp) / 'data'
        asyncio.run(seed(data))
        with app(data, Path(temp)) as (port, pid), Relay(port) as relay, chromium() as driver:
            base = f'http://127.0.0.1:{relay.port}'
            warm(base)
            looks = {slug: look(driver, base, relay, slug) for slug in SHOPS}
            idle = idle_cpu_rate(pid)
            views = {kind: views_cpu(driver, base, relay, pid, idle, scrolled=kind == 'scrolled') for kind in KINDS}
    report(looks, idle, views)
    photo, view = looks[PHOTO_SHOP], {slug: statistics.median(ms) for slug, ms in views['opened'].items()}
    print(
        f'first_screen_kb={photo.first_screen / 1000:.1f} total_kb={photo.total / 1000:.1f} '
        f'cpu_ms_per_view={view[PHOTO_SHOP]:.1f} ratio_vs_text_shop={view[PHOTO_SHOP] / view[TEXT_SHOP]:.2f}'
    )


def report(looks: dict[str, Look], idle: float, views: dict[str, dict[str, list[float]]]) -> None:
    print(f'Her shop with {PRODUCTS} products, opened cold in Chromium at 360×740 (KB = 1,000 bytes)')
    print(
        f'  {"shop":<12}{"first screen KB":>16}{"imgs shown":>11}{"ended by then":>14}{"imgs unscrolled":>16}'
        f'{"total KB":>10}{"imgs":>6}'
    )
    for slug, seen in looks.items():
        print(
            f'  {slug:<12}{seen.first_screen / 1000:>16.1f}{seen.shown:>11}{seen.fetched_by_then:>14}'
            f'{seen.opened_images:>16}{seen.total / 1000:>10.1f}{seen.images:>6}'
        )
    print(f'Server CPU ms a cold view, net of idling ({idle:.1f} ms a second); {VIEWS} views of each, taken in turns')
    print(f'  {"view":<36}{"text shop":>16}{"photos":>16}{"ratio":>7}')
    print(f'  {"":<36}{"median  mean":>16}{"median  mean":>16}{"":>7}')
    for kind, ms in views.items():
        text, photo = ms[TEXT_SHOP], ms[PHOTO_SHOP]
        figures = ''.join(f'{statistics.median(x):>10.2f}{statistics.mean(x):>6.2f}' for x in (text, photo))
        print(f'  {KINDS[kind]:<36}{figures}{statistics.median(photo) / statistics.median(text):>7.2f}')
    print()


# ---- the data: two shops, one with photos -----------------------------------------------------------------


async def seed(data: Path) -> None:
    """Two sellers with the same PRODUCTS products; the first's each with a photo, both with a shop."""
    from models.business import Product, ShopForm, Unit
    from models.participant import Participant
    from store import Store
    from store.products import add_photo
    from store.shop import save_shop

    store = await Store.open(data)
    try:
        for slug, photos in ((PHOTO_SHOP, True), (TEXT_SHOP, False)):
            seller = Participant(name=f'Penjual {slug}', phone='081400009' + ('001' if photos else '002'))
            await store.put(seller)
            for n in range(PRODUCTS):
                product = Product(
                    participant_id=seller.id, name=f'Kue nomor {n + 1:02d}', unit=Unit.BOX, price=15_000 + 500 * n
                )
                await store.put(product)
                if photos:
                    await add_photo(store, seller.id, product.id, draw_photo(n))
            await save_shop(store, seller.id, ShopForm(slug=slug, name=f'Dapur {slug[6:].title()}', about='Kue basah.'))
    finally:
        await store.close()


def draw_photo(seed: int) -> bytes:
    """A phone-photo-like JPEG, 1600×1200: kue on a plate on a table, light falling off, texture at three scales
    (a camera's pixel noise alone would vanish when the server makes it 320 px, leaving unrealistically small
    thumbnails)."""
    rng = random.Random(seed)
    width, height = 1600, 1200
    table = tuple(rng.randint(150, 235) for _ in range(3))
    image = Image.new('RGB', (width, height), table)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 8):
        draw.rectangle((0, y, width, y + 8), fill=tuple(max(0, c - 30 * y // height) for c in table))
    draw.ellipse((220, 140, 1380, 1100), fill=(250, 250, 246), outline=(205, 200, 192), width=14)
    colour = [rng.randint(40, 230) for _ in range(3)]
    for _ in range(rng.randint(8, 16)):
        x, y, size = rng.randint(400, 1100), rng.randint(300, 820), rng.randint(80, 220)
        fill = tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in colour)
        box = (x, y, x + size, y + int(size * rng.uniform(0.5, 1)))
        draw.ellipse(box, fill=fill, outline=tuple(max(0, c - 50) for c in fill), width=6)
    image = image.filter(ImageFilter.GaussianBlur(2))
    for scale, weight in ((8, 0.15), (3, 0.1), (1, 0.075)):
        noise = Image.effect_noise((width // scale, height // scale), 60).resize((width, height))
        image = Image.blend(image, Image.merge('RGB', (noise, noise, noise)), weight)
    out = io.BytesIO()
    image.save(out, 'JPEG', quality=90)
    return out.getvalue()


# ---- the app and the browser ------------------------------------------------------------------------------


@contextmanager
def app(data: Path, temp: Path) -> Iterator[tuple[int, int]]:
    """The app as `berdaya --data DATA` runs it, on a free port in its own process; yields its port and pid."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(('NICEGUI_', 'PYTEST_', 'BERDAYA_'))}
    env |= {'BERDAYA_SECRET': SECRET}  # a plain start of the app, also when a test runs the bench
    command = [sys.executable, 'main.py', '--host', '127.0.0.1', '--port', str(port), '--data', str(data)]
    with served(command, port, env=env, log=temp / 'app.log') as process:
        yield port, process.pid


def warm(base: str) -> None:
    """The first requests of a process import and prepare what later ones reuse: not a view's cost."""
    for slug in (PHOTO_SHOP, TEXT_SHOP, PHOTO_SHOP):
        with urllib.request.urlopen(f'{base}/toko/{slug}', timeout=30) as answer:
            answer.read()


def look(driver: webdriver.Chrome, base: str, relay: Relay, slug: str) -> Look:
    """Open the shop cold, note what the first screenful took, scroll to the bottom, count what came in all."""
    forget(driver, base)
    relay.quiet(0.5)
    sent = relay.sent
    driver.get(f'{base}/toko/{slug}')
    first = wait_for(lambda: driver.execute_script(FIRST_SCREEN_JS, SCREEN))
    relay.quiet(LOOK)
    opened = driver.execute_script(IMAGES_FETCHED_JS)
    scroll_to_bottom(driver)
    relay.quiet(LOOK)
    images = driver.execute_script(IMAGES_FETCHED_JS)
    return Look(first['bytes'], first['shown'], first['fetched'], opened, relay.sent - sent, images)


def scroll_to_bottom(driver: webdriver.Chrome) -> None:
    """Down a screenful at a time, as a thumb would, until the bottom is reached and every image has loaded."""
    wait_for(lambda: driver.execute_script(SCROLLED_JS, SCREEN - 100))


def wait_for(check: Callable[[], Any], timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise SystemExit('timed out waiting for the shop page')
        time.sleep(0.02)
    return result


def cpu_seconds(pid: int) -> float:
    """CPU time of the process's threads so far, to the nanosecond (`/proc/<pid>/task/*/schedstat`): a view costs
    a few ms, less than the 10 ms steps of `/proc/<pid>/stat`."""
    total = 0
    for task in Path(f'/proc/{pid}/task').iterdir():
        with contextlib.suppress(OSError, IndexError, ValueError):  # a thread that ended just now
            total += int((task / 'schedstat').read_text().split()[0])
    return total / 1e9


def idle_cpu_rate(pid: int) -> float:
    """CPU ms a second the app spends with nobody on a page (uvicorn's and NiceGUI's timers)."""
    before = cpu_seconds(pid)
    time.sleep(IDLE_SECONDS)
    return (cpu_seconds(pid) - before) * 1000 / IDLE_SECONDS


def views_cpu(
    driver: webdriver.Chrome, base: str, relay: Relay, pid: int, idle: float, *, scrolled: bool
) -> dict[str, list[float]]:
    """VIEWS cold views of each shop, in turns (a busy moment of the machine falls on both alike): the app's CPU
    ms in each, less its idling for as long. A view opens the page, waits until its first screenful is complete
    and nothing has come for LOOK seconds (Chromium fetches some images below the screen unasked), or scrolls to
    the bottom first."""
    views: dict[str, list[float]] = {slug: [] for slug in SHOPS}
    for _ in range(VIEWS):
        for slug in SHOPS:
            started, before = time.monotonic(), cpu_seconds(pid)
            forget(driver, base)
            driver.get(f'{base}/toko/{slug}')
            wait_for(lambda: driver.execute_script(FIRST_SCREEN_JS, SCREEN))
            if scrolled:
                scroll_to_bottom(driver)
            relay.quiet(LOOK)
            views[slug].append((cpu_seconds(pid) - before) * 1000 - idle * (time.monotonic() - started))
    driver.get_log('performance')  # what Chromium logged for weight.py's tables: not needed here
    return views


if __name__ == '__main__':
    main()
