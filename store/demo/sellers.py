"""The selling half of the demo: a graduate of an earlier kue course who sells through her shop (photos, orders
due today and tomorrow, buyers who still owe her, her QRIS for DPs and a buyer's proof of transfer), and KWT
members who sell some of their chili themselves, fresh by the kilo or as sambal in jars. Product photos are drawn
here (no downloads): a plate of kue, a heap of chili; the QRIS and the proof in store/demo/payments.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import random
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from models.account import Account, Role
from models.base import Record
from models.business import Channel, Expense, ExpenseCategory, Photo, Product, Qris, Sale, Shop, ShopForm, Unit
from models.orders import Order, OrderStatus
from models.participant import Gender, Participant
from models.skills import Skill

from .. import files, images, transfer_proofs
from ..accounts import shared_demo_hash
from ..engine import Store
from ..orders import OrderForm, OrderLine, record_order, set_status
from ..periods import WIB
from ..products import PHOTO_SIDE, THUMB_SIDE
from ..qris import QRIS_SIDE
from ..saved import changed
from ..shop import save_shop
from ..tx import Tx
from .payments import draw_qris, draw_transfer_proof

GRADUATE_PHONE = '081400000001'
PIN = '123456'

# name, unit, price, HPP, what to draw (shape, colour)
GRADUATE_PRODUCTS = [
    ('Bolu kukus mekar', Unit.PCS, 4_000, 1_600, ('round', (92, 160, 70))),
    ('Brownies kukus', Unit.BOX, 35_000, 16_000, ('square', (92, 58, 40))),
    ('Kue lapis', Unit.BOX, 60_000, 30_000, ('layers', (196, 140, 60))),
    ('Risoles ragout ayam', Unit.PCS, 3_500, 1_500, ('oval', (214, 168, 92))),
    ('Nastar', Unit.BOX, 75_000, 38_000, ('dots', (232, 180, 60))),
]
CHILI_PRODUCTS = [
    ('Cabai merah keriting', Unit.KG, 42_000, 0, ('chili', (196, 30, 30))),
    ('Sambal cabai rumahan', Unit.BOX, 25_000, 9_000, ('jar', (176, 40, 20))),
]
BUYERS = [('Bu Romlah', '081233334444'), ('Bu Eti', '081277778888'), ('Pak Darto', ''), ('Bu Ina', '081255556666')]


def draw_photo(shape: str, colour: tuple[int, int, int], seed: int) -> bytes:
    """A phone-photo-like JPEG of a product on a plate (or a heap, or a jar), 1600×1200."""
    rng = random.Random(seed)
    image = Image.new('RGB', (1600, 1200), (236, 228, 214))
    draw = ImageDraw.Draw(image)
    draw.ellipse((220, 140, 1380, 1100), fill=(250, 250, 248), outline=(210, 205, 198), width=12)
    shade = tuple(max(0, c - 40) for c in colour)
    if shape == 'jar':
        draw.rounded_rectangle((600, 300, 1000, 950), 60, fill=colour, outline=shade, width=10)
        draw.rectangle((580, 250, 1020, 330), fill=(60, 60, 60))
        return _jpeg(image)
    for _ in range(14 if shape in ('dots', 'round', 'oval', 'chili') else 6):
        x, y = rng.randint(420, 1100), rng.randint(330, 830)
        box = {'round': (x, y, x + 170, y + 170), 'oval': (x, y, x + 230, y + 120), 'dots': (x, y, x + 110, y + 110),
               'square': (x, y, x + 200, y + 200), 'layers': (x, y, x + 240, y + 160),
               'chili': (x, y, x + 260, y + 60)}[shape]  # fmt: skip
        if shape in ('square', 'layers'):
            draw.rectangle(box, fill=colour, outline=shade, width=6)
            if shape == 'layers':
                for line in range(box[1] + 30, box[3], 30):
                    draw.line((box[0], line, box[2], line), fill=shade, width=8)
        else:
            draw.ellipse(box, fill=colour, outline=shade, width=6)
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, 'JPEG', quality=88)
    return out.getvalue()


async def seed_sellers(store: Store, today: dt.date, kwt_people: list[Participant]) -> None:
    """The graduate's shop, sales and orders; three KWT members' own chili sales, one with a shop. Written in
    a few transactions (each is an fsync): the demo is seeded for every test that asks for it."""
    rng = random.Random(20261205)
    graduate = Participant(
        name='Sumiati', phone=GRADUATE_PHONE, village='Waliwis', district='Mekar Baru', regency='Kabupaten Tangerang',
        gender=Gender.P,
    )  # fmt: skip
    account = Account(
        username=GRADUATE_PHONE, name=graduate.name, role=Role.TRAINEE, secret_hash=shared_demo_hash(PIN),
        participant_id=graduate.id,
    )  # fmt: skip
    cards = {skill.name.casefold(): skill.id for skill in store.all(Skill) if skill.recipe is not None}
    products = await _products(store, graduate.id, GRADUATE_PRODUCTS, cards, photos=True)
    records: list[Record] = [graduate, account, *products, *_history(graduate.id, products, today, rng, days=75)]
    for n, member in enumerate(kwt_people[:3]):
        chili = await _products(store, member.id, CHILI_PRODUCTS[: 1 + (n == 0)], cards, photos=n == 0)
        records += [*chili, *_history(member.id, chili, today, rng, days=60, per_week=2)]
    await store.put(*records)
    await save_shop(store, graduate.id, ShopForm(
        slug='dapur-bu-sumi', name='Dapur Bu Sumi', about='Kue basah dan kue kering, pesan H-1 untuk hajatan.',
        wa_number=GRADUATE_PHONE,
    ))  # fmt: skip
    await save_shop(store, kwt_people[0].id, ShopForm(slug='cabai-melati', name='Cabai & Sambal Melati'))
    orders = await _orders(store, graduate.id, products, today)
    await _payments(store, graduate.id, orders[1], today)


async def _products(
    store: Store, participant_id: str, rows: list[tuple[str, Unit, int, int, tuple[str, tuple[int, int, int]]]],
    cards: dict[str, str], *, photos: bool,
) -> list[Product]:  # fmt: skip
    """Her products, made from her course's recipe card where there is one; with photos drawn for them."""
    made = []
    for seed, (name, unit, price, hpp, (shape, colour)) in enumerate(rows):
        pictures = [await asyncio.to_thread(_photo, store.folder, shape, colour, seed)] if photos else []
        made.append(Product(
            participant_id=participant_id, name=name, unit=unit, price=price, hpp=hpp,
            recipe_id=cards.get(name.casefold()), photos=pictures,
        ))  # fmt: skip
    return made


def _photo(folder: Path, shape: str, colour: tuple[int, int, int], seed: int) -> Photo:
    """The product photo as `store.products.keep_photo` makes one, drawn and made once a process (the demo is
    seeded for every test that asks for it) and written without fsyncs (demo pictures, drawn again at will)."""
    full, thumb = _made(shape, colour, seed)
    return Photo(
        full=files.save(folder, full.data, full.extension, durable=False),
        thumb=files.save(folder, thumb.data, thumb.extension, durable=False),
        width=full.width,
        height=full.height,
    )


@lru_cache(maxsize=16)
def _made(shape: str, colour: tuple[int, int, int], seed: int) -> tuple[images.Picture, images.Picture]:
    full = images.prepare(draw_photo(shape, colour, seed), long_side=PHOTO_SIDE)
    return full, images.prepare(full.data, long_side=THUMB_SIDE)


def _history(
    participant_id: str, products: list[Product], today: dt.date, rng: random.Random, *, days: int,
    per_week: int = 5,
) -> list[Record]:  # fmt: skip
    """Sales over the last `days` days (a few unpaid, by named buyers) and what she spent on ingredients."""
    made: list[Record] = []
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        if rng.random() > per_week / 7:
            continue
        at = dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=WIB)
        product = rng.choice(products)
        quantity = Decimal(rng.randint(1, 3)) if product.unit != Unit.PCS else Decimal(rng.randint(10, 40))
        owes = back < 20 and rng.random() < 0.15
        buyer, phone = rng.choice(BUYERS) if owes else ('', '')
        channel = rng.choice([Channel.NEIGHBOURS, Channel.WHATSAPP, Channel.MARKET])
        made.append(Sale(
            participant_id=participant_id, product_id=product.id, quantity=quantity, unit_price=product.price,
            unit_hpp=product.hpp, channel=channel, paid=not owes, buyer=buyer, buyer_phone=phone, at=at,
        ))  # fmt: skip
        if back % 7 == 0:
            spent = rng.randint(8, 30) * 5_000
            kind = ExpenseCategory.INGREDIENTS
            made.append(Expense(participant_id=participant_id, category=kind, amount=spent, at=at))
    return made


async def _orders(store: Store, participant_id: str, products: list[Product], today: dt.date) -> list[Order]:
    """Orders due today and tomorrow (one of them already ready, one just come in) and one next week."""
    plans = [
        (0, 15, BUYERS[0], [(0, 50), (3, 40)], 100_000, OrderStatus.READY),
        (1, 10, BUYERS[1], [(1, 4), (4, 2)], 150_000, OrderStatus.ACCEPTED),
        (1, 16, BUYERS[3], [(0, 30)], 0, OrderStatus.NEW),
        (6, 9, BUYERS[2], [(2, 3)], 60_000, OrderStatus.ACCEPTED),
    ]
    made = []
    for days, hour, (buyer, phone), lines, dp, status in plans:
        due = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=WIB)
        form = OrderForm(
            buyer=buyer, buyer_phone=phone, due=due, dp=dp,
            lines=[OrderLine(product_id=products[i].id, quantity=Decimal(q)) for i, q in lines],
        )  # fmt: skip
        order = (await record_order(store, participant_id, form)).record
        steps = {OrderStatus.NEW: [], OrderStatus.ACCEPTED: [OrderStatus.ACCEPTED]}
        for step in steps.get(status, [OrderStatus.ACCEPTED, OrderStatus.READY]):
            await set_status(store, participant_id, order.id, step)
        made.append(order)
    return made


async def _payments(store: Store, participant_id: str, paid: Order, today: dt.date) -> None:
    """Her shop's QRIS, and the proof of transfer the buyer of `paid` sent her for its DP (paid last night), in one
    transaction; the pictures kept as store/qris.py and store/transfer_proofs.py keep them, without fsyncs."""
    amount = 'Rp ' + f'{paid.dp:,}'.replace(',', '.')
    when = f'{today - dt.timedelta(days=1):%d/%m/%Y} 19:42'
    qris, proof = await asyncio.to_thread(_payment_files, store.folder, paid.buyer, amount, when)

    def stage(tx: Tx) -> None:
        tx.put(changed(tx.require(Shop, participant_id), qris=qris))
        tx.put(changed(tx.require(Order, paid.id), transfer_proof=proof))

    await store.transact(stage)


def _payment_files(folder: Path, buyer: str, amount: str, when: str) -> tuple[Qris, Photo]:
    code, (full, thumb) = _made_payments(buyer, amount, when)
    qris = Qris(file=files.save(folder, code.data, code.extension, durable=False), width=code.width,
                height=code.height)  # fmt: skip
    proof = Photo(
        full=files.save(folder, full.data, full.extension, durable=False, private=True),
        thumb=files.save(folder, thumb.data, thumb.extension, durable=False, private=True),
        width=full.width,
        height=full.height,
    )
    return qris, proof


@lru_cache(maxsize=4)
def _made_payments(buyer: str, amount: str, when: str) -> tuple[images.Picture, tuple[images.Picture, images.Picture]]:
    """The QRIS and the proof as the store makes uploads of them, once a process (the demo is seeded often)."""
    code = images.prepare_code(draw_qris('Dapur Bu Sumi', 'Tangerang', '15510'), long_side=QRIS_SIDE)
    screenshot = draw_transfer_proof(buyer, amount, 'Dapur Bu Sumi', when)
    full = images.prepare(screenshot, long_side=transfer_proofs.PROOF_SIDE)
    return code, (full, images.prepare(full.data, long_side=transfer_proofs.THUMB_SIDE))
