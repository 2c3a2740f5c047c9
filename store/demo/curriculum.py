"""The demo's curriculum: fifteen kue recipes on the five kue days, the chili steps on the KWT's days, and the
KWT's marks from months ago (the kue course starts today, so its grid is still empty).

Prices are what a village market asks in 2026, per pack as it is bought: `telur` is Rp 28.000 a kg of about
16 eggs, so it is priced per 16 butir. Skill ids are fixed slugs, so a test or a later seed can find them.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from models.base import Record
from models.programme import Day, Programme
from models.skills import Ingredient, IngredientUnit, Level, Mark, Placement, RecipeCard, Skill, SkillKind, placement_id

from ..engine import Store

U = IngredientUnit

# name, amount, unit, pack price, pack size, pack unit
Row = tuple[str, str, IngredientUnit, int, str, IngredientUnit]


async def seed_curriculum(
    store: Store, kue: Programme, kue_days: list[Day], kwt: Programme, kwt_days: list[Day], marked_by: str,
    rng: random.Random,
) -> None:  # fmt: skip
    """Save the library, place it on both programmes' days and add the KWT's marks, all in one write."""
    await store.put(*curriculum_records(kue, kue_days, kwt, kwt_days, marked_by, rng))


def curriculum_records(
    kue: Programme, kue_days: list[Day], kwt: Programme, kwt_days: list[Day], marked_by: str, rng: random.Random
) -> list[Record]:
    """Skills, placements and marks, for `seed_demo` to save with the rest of the demo in one transaction."""
    recipes = [recipe_skill(*entry) for entry in RECIPES]
    farming = [farming_skill(*entry) for entry in FARMING]
    placements = _place(kue, kue_days, recipes, [i // 3 for i in range(len(recipes))])
    placements += _place(kwt, kwt_days, farming, FARMING_DAYS)
    days = {skill.id: kwt_days[index] for skill, index in zip(farming, FARMING_DAYS, strict=True)}
    marks = kwt_marks(kwt, farming, days, marked_by, rng)
    return [*recipes, *farming, *placements, *marks]


def recipe_skill(
    slug: str, name: str, summary: str, yield_pieces: int, minutes: int, margin: int, rows: list[Row], steps: list[str]
) -> Skill:
    ingredients = [
        Ingredient(name=n, amount=Decimal(a), unit=u, price=p, price_per=Decimal(per), price_unit=pu)
        for n, a, u, p, per, pu in rows
    ]
    card = RecipeCard(
        id=f'resep-{slug}', ingredients=ingredients, yield_pieces=yield_pieces, steps=steps, minutes=minutes,
        margin_percent=margin,
    )  # fmt: skip
    return Skill(id=card.id, kind=SkillKind.RECIPE, name=name, summary=summary, recipe=card)


def farming_skill(slug: str, name: str, summary: str, steps: list[str]) -> Skill:
    return Skill(id=f'tani-{slug}', kind=SkillKind.FARMING, name=name, summary=summary, steps=steps)


def _place(programme: Programme, days: list[Day], skills: list[Skill], day_index: list[int]) -> list[Placement]:
    placements: list[Placement] = []
    for skill, index in zip(skills, day_index, strict=True):
        day = days[index]
        order = sum(1 for p in placements if p.day_id == day.id)
        placement = Placement(
            id=placement_id(programme.id, skill.id), programme_id=programme.id, skill_id=skill.id, day_id=day.id,
            order=order,
        )  # fmt: skip
        placements.append(placement)
    return placements


def kwt_marks(
    kwt: Programme, skills: list[Skill], days: dict[str, Day], marked_by: str, rng: random.Random
) -> list[Mark]:
    """Every member on every step, seen by the field companion on the step's day: mostly Bisa or Mahir,
    a few still Dicoba, and some cells whose history shows progress (Dicoba in the morning, Bisa later)."""
    cells = [(person, skill) for person in kwt.participant_ids for skill in skills]
    still_trying = set(rng.sample(range(len(cells)), 5))
    progressed = set(rng.sample(sorted(set(range(len(cells))) - still_trying), 8))
    marks = []
    for n, (person, skill) in enumerate(cells):
        day = days[skill.id].date
        if n in still_trying:
            level, note = Level.DICOBA, 'Masih perlu dibantu, ulangi di kebun.'
        else:
            level, note = rng.choice([Level.BISA, Level.BISA, Level.MAHIR]), ''
        if n in progressed:
            marks.append(_mark(kwt, skill, person, Level.DICOBA, marked_by, _at(kwt, day, 9), 'Masih dibantu.'))
            level, note = max(level, Level.BISA), 'Sudah bisa sendiri.'
        marks.append(_mark(kwt, skill, person, level, marked_by, _at(kwt, day, 14), note))
    return marks


def _mark(kwt: Programme, skill: Skill, person: str, level: Level, by: str, at: dt.datetime, note: str) -> Mark:
    return Mark(
        programme_id=kwt.id, skill_id=skill.id, participant_id=person, level=level, by=by, at=at, note=note
    )  # fmt: skip


def _at(programme: Programme, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=programme.zone.tz).astimezone(dt.UTC)


# ---- the recipes ------------------------------------------------------------------------------------
# Packs as bought at the village market; one line each so a price can be checked at a glance.
TERIGU = ('tepung terigu', U.GRAM, 14_000, '1', U.KG)
TERIGU_RENDAH = ('tepung terigu protein rendah', U.GRAM, 15_000, '1', U.KG)
TERIGU_TINGGI = ('tepung terigu protein tinggi', U.GRAM, 16_000, '1', U.KG)
KETAN = ('tepung ketan putih', U.GRAM, 10_000, '500', U.GRAM)
BERAS = ('tepung beras', U.GRAM, 9_000, '500', U.GRAM)
TAPIOKA = ('tepung tapioka', U.GRAM, 7_000, '500', U.GRAM)
MAIZENA = ('tepung maizena', U.GRAM, 6_000, '150', U.GRAM)
GULA = ('gula pasir', U.GRAM, 18_000, '1', U.KG)
GULA_MERAH = ('gula merah', U.GRAM, 25_000, '1', U.KG)
GULA_HALUS = ('gula halus', U.GRAM, 10_000, '500', U.GRAM)
TELUR = ('telur ayam', U.BUTIR, 28_000, '16', U.BUTIR)  # Rp 28.000 a kg, about 16 eggs
SANTAN = ('santan kara', U.ML, 3_500, '65', U.ML)
KELAPA = ('kelapa tua (diperas santannya)', U.BUTIR, 10_000, '1', U.BUTIR)
KELAPA_PARUT = ('kelapa parut', U.GRAM, 10_000, '400', U.GRAM)  # one coconut, grated at the stall
MARGARIN = ('margarin', U.GRAM, 10_000, '200', U.GRAM)
MENTEGA = ('mentega', U.GRAM, 24_000, '200', U.GRAM)
MINYAK = ('minyak goreng', U.ML, 18_000, '1', U.LITER)
RAGI = ('ragi instan', U.BUNGKUS, 3_000, '1', U.BUNGKUS)  # a sachet of 11 g
SP = ('SP (pengemulsi)', U.GRAM, 6_000, '30', U.GRAM)
SODA = ('soda kue', U.GRAM, 4_000, '45', U.GRAM)
BAKING_POWDER = ('baking powder', U.GRAM, 6_000, '45', U.GRAM)
PANDAN = ('daun pandan', U.LEMBAR, 2_000, '10', U.LEMBAR)  # a bundle of about 10 leaves
PASTA_PANDAN = ('pasta pandan', U.ML, 6_000, '30', U.ML)
PEWARNA = ('pewarna makanan', U.ML, 4_000, '30', U.ML)
VANILI = ('vanili bubuk', U.BUNGKUS, 1_000, '1', U.BUNGKUS)
GARAM = ('garam', U.GRAM, 3_000, '250', U.GRAM)
SUSU_BUBUK = ('susu bubuk', U.BUNGKUS, 3_000, '1', U.BUNGKUS)  # a 27 g sachet
SUSU_CAIR = ('susu cair UHT', U.ML, 20_000, '1', U.LITER)
SKM = ('susu kental manis', U.BUNGKUS, 1_500, '1', U.BUNGKUS)
KEJU = ('keju cheddar', U.GRAM, 22_000, '170', U.GRAM)
SELAI_NANAS = ('selai nanas', U.GRAM, 35_000, '1', U.KG)
WIJEN = ('wijen putih', U.GRAM, 8_000, '100', U.GRAM)
KACANG_HIJAU = ('kacang hijau kupas', U.GRAM, 16_000, '500', U.GRAM)
AYAM = ('daging ayam (dada)', U.GRAM, 45_000, '1', U.KG)
DAUN_PISANG = ('daun pisang', U.LEMBAR, 5_000, '20', U.LEMBAR)
KENTANG = ('kentang', U.GRAM, 16_000, '1', U.KG)
WORTEL = ('wortel', U.GRAM, 14_000, '1', U.KG)
BAWANG_MERAH = ('bawang merah', U.GRAM, 40_000, '1', U.KG)
BAWANG_PUTIH = ('bawang putih', U.GRAM, 38_000, '1', U.KG)
LADA = ('lada bubuk', U.BUNGKUS, 1_000, '1', U.BUNGKUS)
KETAN_BERAS = ('beras ketan putih', U.GRAM, 20_000, '1', U.KG)
COKELAT_BUBUK = ('cokelat bubuk', U.GRAM, 12_000, '100', U.GRAM)
DCC = ('cokelat batang (DCC)', U.GRAM, 25_000, '250', U.GRAM)
MESES = ('meses cokelat', U.GRAM, 6_000, '100', U.GRAM)
TEPUNG_ROTI = ('tepung roti (panir)', U.GRAM, 8_000, '250', U.GRAM)
SOUN = ('soun', U.GRAM, 5_000, '100', U.GRAM)
DAUN_JERUK = ('daun jeruk', U.LEMBAR, 2_000, '20', U.LEMBAR)
SERAI = ('serai', U.BUAH, 3_000, '10', U.BUAH)
KETUMBAR = ('ketumbar bubuk', U.BUNGKUS, 1_000, '1', U.BUNGKUS)
SODA_AIR = ('minuman soda (Sprite)', U.ML, 6_000, '390', U.ML)
CUP = ('cup kertas', U.LEMBAR, 5_000, '100', U.LEMBAR)


def _r(pack: tuple[str, IngredientUnit, int, str, IngredientUnit], amount: str) -> Row:
    name, unit, price, per, per_unit = pack
    return name, amount, unit, price, per, per_unit


# slug, name, summary, pieces a batch, minutes, margin %, ingredients, steps — three a day, in KUE_DAYS order.
# fmt: off
RECIPES: list[tuple[str, str, str, int, int, int, list[Row], list[str]]] = [
    (
        'bolu-kukus', 'Bolu kukus mekar', 'Bolu kukus merekah dengan Sprite, tanpa mikser besar.', 24, 60, 50,
        [_r(TERIGU, '250'), _r(GULA, '250'), _r(TELUR, '2'), _r(SP, '10'), _r(SODA, '5'), _r(SODA_AIR, '200'),
         _r(PEWARNA, '2'), _r(CUP, '24')],
        ['Kocok telur, gula pasir dan SP dengan kecepatan tinggi sampai putih dan kental, ±10 menit.',
         'Masukkan terigu dan soda kue yang sudah diayak, bergantian dengan Sprite; aduk pelan sampai rata.',
         'Bagi adonan, beri pewarna, tuang ke cetakan beralas cup kertas sampai penuh.',
         'Panaskan kukusan sampai uapnya banyak; bungkus tutupnya dengan kain.',
         'Kukus dengan api besar 15–20 menit; jangan buka tutup sebelum 15 menit.',
         'Angkat, dinginkan di rak, lalu kemas.'],
    ),
    (
        'putu-ayu', 'Putu ayu', 'Kue kukus pandan bertabur kelapa parut, lembut dan wangi.', 20, 60, 40,
        [_r(TERIGU, '150'), _r(GULA, '150'), _r(TELUR, '2'), _r(SP, '8'), _r(SANTAN, '130'),
         _r(KELAPA_PARUT, '150'), _r(GARAM, '2'), _r(PASTA_PANDAN, '3')],
        ['Campur kelapa parut dengan sejumput garam, kukus 10 menit agar tidak cepat basi.',
         'Olesi cetakan putu ayu dengan minyak, isi dasarnya dengan kelapa, tekan padat.',
         'Kocok telur, gula dan SP sampai kental; masukkan terigu, santan dan pasta pandan bergantian.',
         'Tuang adonan ke cetakan sampai hampir penuh.',
         'Kukus 15 menit dengan api sedang, tutup kukusan dibungkus kain.',
         'Keluarkan dari cetakan selagi hangat, posisi kelapa di atas.'],
    ),
    (
        'brownies-kukus', 'Brownies kukus', 'Brownies cokelat yang dikukus, lembap, dijual per potong.', 20, 90, 40,
        [_r(TERIGU, '100'), _r(COKELAT_BUBUK, '30'), _r(DCC, '150'), _r(TELUR, '5'), _r(GULA, '200'),
         _r(MARGARIN, '150'), _r(SP, '10'), _r(SKM, '1'), _r(MINYAK, '50')],
        ['Lelehkan cokelat batang dengan margarin dan minyak di atas panci berisi air panas.',
         'Kocok telur, gula dan SP sampai mengembang kental.',
         'Masukkan terigu dan cokelat bubuk yang sudah diayak, aduk balik dengan spatula.',
         'Tuang cokelat leleh, aduk sampai tidak ada yang mengendap di dasar.',
         'Tuang ke loyang 22×22 cm yang diolesi margarin; kukus 35 menit dengan api sedang.',
         'Dinginkan, lalu potong 20 bagian dengan pisau yang dilap basah.'],
    ),
    (
        'klepon', 'Klepon', 'Bola ketan pandan berisi gula merah, dibalur kelapa parut.', 40, 60, 40,
        [_r(KETAN, '250'), _r(TAPIOKA, '25'), _r(PANDAN, '10'), _r(PASTA_PANDAN, '2'), _r(GULA_MERAH, '150'),
         _r(KELAPA_PARUT, '200'), _r(GARAM, '3'), _r(DAUN_PISANG, '3')],
        ['Blender daun pandan dengan 200 ml air, saring airnya.',
         'Uleni tepung ketan dan tapioka dengan air pandan sedikit-sedikit sampai bisa dipulung.',
         'Serut gula merah. Ambil adonan sebesar kelereng, isi gula merah, bulatkan rapat.',
         'Rebus di air mendidih; angkat 1 menit setelah klepon mengapung.',
         'Gulingkan di kelapa parut yang sudah dikukus dengan garam; sajikan di alas daun pisang.'],
    ),
    (
        'onde-onde', 'Onde-onde', 'Bola ketan goreng berbalut wijen, isi kacang hijau manis.', 20, 120, 40,
        [_r(KETAN, '250'), _r(KENTANG, '100'), _r(GULA, '135'), _r(KACANG_HIJAU, '150'), _r(SANTAN, '65'),
         _r(PANDAN, '2'), _r(WIJEN, '75'), _r(MINYAK, '500'), _r(GARAM, '3')],
        ['Rendam kacang hijau 2 jam, kukus sampai empuk, haluskan.',
         'Masak kacang hijau dengan santan, 75 g gula, pandan dan garam sampai kalis; bulatkan 20 isi.',
         'Uleni tepung ketan, kentang kukus yang dihaluskan, sisa gula dan air hangat sampai kalis.',
         'Bungkus isi dengan adonan, celupkan ke air, gulingkan di wijen sambil ditekan.',
         'Goreng di minyak yang belum terlalu panas dengan api kecil sampai mengembang dan kuning keemasan.'],
    ),
    (
        'dadar-gulung', 'Dadar gulung', 'Dadar pandan tipis berisi unti kelapa gula merah.', 20, 75, 50,
        [_r(TERIGU, '200'), _r(TELUR, '2'), _r(SANTAN, '130'), _r(PASTA_PANDAN, '3'), _r(GARAM, '3'),
         _r(MINYAK, '30'), _r(KELAPA_PARUT, '250'), _r(GULA_MERAH, '150'), _r(PANDAN, '2')],
        ['Unti: masak kelapa parut, gula merah, pandan dan sejumput garam sampai kering; dinginkan.',
         'Kulit: campur santan dengan air sampai 450 ml; aduk dengan terigu, telur, garam dan pasta pandan.',
         'Saring adonan agar tidak bergerindil.',
         'Olesi wajan datar dengan minyak, tuang satu sendok sayur, ratakan tipis; angkat bila pinggirnya lepas.',
         'Isi satu sendok makan unti, lipat sisi kiri dan kanan, gulung rapat.'],
    ),
    (
        'kue-lapis', 'Kue lapis', 'Kue lapis tepung beras berlapis merah-putih, kenyal.', 25, 120, 40,
        [_r(BERAS, '200'), _r(TAPIOKA, '150'), _r(GULA, '250'), _r(KELAPA, '1'), _r(GARAM, '3'),
         _r(PEWARNA, '3'), _r(PANDAN, '3'), _r(VANILI, '1')],
        ['Peras kelapa dengan air hangat sampai 800 ml santan; rebus dengan gula, garam dan pandan, dinginkan.',
         'Campur tepung beras, tapioka dan vanili; tuang santan sedikit-sedikit sambil diaduk rata.',
         'Bagi dua adonan; satu bagian beri pewarna merah.',
         'Panaskan loyang 20×20 cm di kukusan; tuang satu sendok sayur adonan, kukus 5 menit.',
         'Ulangi berselang-seling sampai adonan habis; lapisan terakhir kukus 20 menit.',
         'Dinginkan sampai benar-benar dingin, baru potong 25 bagian.'],
    ),
    (
        'lemper', 'Lemper ayam', 'Ketan gurih berisi ayam suwir berbumbu, dibungkus daun pisang.', 20, 150, 40,
        [_r(KETAN_BERAS, '500'), _r(SANTAN, '130'), _r(AYAM, '250'), _r(BAWANG_MERAH, '30'),
         _r(BAWANG_PUTIH, '15'), _r(KETUMBAR, '1'), _r(GARAM, '6'), _r(GULA, '15'), _r(MINYAK, '30'),
         _r(PANDAN, '2'), _r(DAUN_PISANG, '10')],
        ['Rendam beras ketan 2 jam, kukus 20 menit.',
         'Rebus santan dengan air sampai 400 ml, garam dan pandan; aduk ke ketan sampai terserap, kukus lagi 20 menit.',
         'Rebus ayam, suwir halus. Tumis bawang merah, bawang putih dan ketumbar, masukkan ayam suwir, gula, '
         'garam; masak sampai kering.',
         'Ambil ketan, pipihkan di atas plastik, isi ayam suwir, gulung padat.',
         'Bungkus dengan daun pisang yang sudah dilayukan, sematkan lidi; kukus 10 menit sebelum dijual.'],
    ),
    (
        'bika-ambon', 'Bika ambon', 'Kue bersarang dari tapioka, santan dan telur, beraroma serai dan daun jeruk.',
        16, 240, 40,
        [_r(TAPIOKA, '250'), _r(KELAPA, '1'), _r(TELUR, '12'), _r(GULA, '300'), _r(RAGI, '1'),
         _r(DAUN_JERUK, '5'), _r(SERAI, '2'), _r(PANDAN, '3'), _r(GARAM, '3')],
        ['Rebus 800 ml santan dengan serai, daun jeruk, pandan dan garam; dinginkan sampai hangat kuku.',
         'Larutkan ragi dengan sedikit air hangat dan gula, tunggu 10 menit sampai berbusa.',
         'Campur tapioka dengan larutan ragi dan separuh santan; diamkan 1 jam.',
         'Kocok telur dan gula asal rata, masukkan ke adonan bersama sisa santan; saring, diamkan 2 jam.',
         'Panaskan loyang 22 cm di oven; tuang adonan, panggang api bawah 170 °C sampai bersarang, '
         'lalu api atas sampai kecokelatan.',
         'Dinginkan, potong 16 bagian.'],
    ),
    (
        'risoles', 'Risoles ragout ayam', 'Dadar gulung isi ragout ayam sayur, berbalut tepung roti, digoreng.',
        20, 120, 40,
        [_r(TERIGU, '230'), _r(TELUR, '2'), _r(SUSU_BUBUK, '2'), _r(GARAM, '5'), _r(AYAM, '200'),
         _r(KENTANG, '200'), _r(WORTEL, '150'), _r(BAWANG_MERAH, '30'), _r(BAWANG_PUTIH, '15'),
         _r(MARGARIN, '50'), _r(LADA, '1'), _r(TEPUNG_ROTI, '150'), _r(MINYAK, '500')],
        ['Kulit: aduk 200 g terigu, 1 telur, 1 sachet susu, garam dan 450 ml air; dadar tipis-tipis.',
         'Isi: tumis bawang dengan margarin, masukkan ayam cincang, kentang dan wortel dadu.',
         'Tambahkan susu yang dilarutkan air dan 30 g terigu; masak sampai kental, bumbui lada dan garam.',
         'Isi kulit, lipat seperti amplop, gulung.',
         'Celup ke kocokan telur, gulingkan di tepung roti; simpan di lemari es 30 menit.',
         'Goreng dengan api sedang sampai kuning keemasan.'],
    ),
    (
        'pastel', 'Pastel', 'Kulit renyah berisi sayur, soun dan telur rebus.', 25, 120, 50,
        [_r(TERIGU, '300'), _r(MARGARIN, '60'), _r(TELUR, '3'), _r(GARAM, '3'), _r(KENTANG, '200'),
         _r(WORTEL, '150'), _r(SOUN, '50'), _r(BAWANG_MERAH, '30'), _r(BAWANG_PUTIH, '15'), _r(LADA, '1'),
         _r(MINYAK, '500')],
        ['Kulit: uleni terigu, margarin, 1 telur, garam dan air sedikit-sedikit sampai kalis; diamkan 15 menit.',
         'Isi: tumis bawang, masukkan kentang dan wortel dadu, soun, lada dan garam; masak sampai kering.',
         'Rebus 2 telur, potong kecil-kecil.',
         'Giling kulit tipis, cetak bulat, isi tumisan dan sepotong telur.',
         'Lipat, rapatkan pinggirnya dengan dipilin.',
         'Goreng dengan api sedang sampai kuning dan kulitnya melepuh halus.'],
    ),
    (
        'donat', 'Donat kentang', 'Donat empuk dari kentang, bertabur gula halus.', 24, 150, 50,
        [_r(TERIGU_TINGGI, '500'), _r(KENTANG, '150'), _r(GULA, '60'), _r(RAGI, '1'), _r(TELUR, '2'),
         _r(SUSU_BUBUK, '1'), _r(MARGARIN, '60'), _r(GARAM, '3'), _r(MINYAK, '500'), _r(GULA_HALUS, '100')],
        ['Kukus kentang, haluskan selagi panas.',
         'Campur terigu, kentang, gula, ragi, susu dan telur; uleni sambil diberi air sedikit-sedikit.',
         'Masukkan margarin dan garam, uleni sampai kalis elastis.',
         'Bagi 24 bulatan @ 40 g, diamkan 15 menit; lubangi tengahnya.',
         'Tutup kain, diamkan sampai mengembang dua kali lipat, ±45 menit.',
         'Goreng dengan api kecil, balik sekali saja; dinginkan, taburi gula halus.'],
    ),
    (
        'nastar', 'Nastar', 'Kue kering lumer berisi selai nanas, untuk toples Lebaran.', 80, 150, 60,
        [_r(TERIGU_RENDAH, '250'), _r(MARGARIN, '125'), _r(MENTEGA, '75'), _r(GULA_HALUS, '50'), _r(TELUR, '3'),
         _r(SUSU_BUBUK, '1'), _r(MAIZENA, '25'), _r(SELAI_NANAS, '400'), _r(VANILI, '1')],
        ['Bulatkan selai nanas @ 5 g, simpan di lemari es.',
         'Kocok margarin, mentega dan gula halus sebentar saja; masukkan 2 kuning telur.',
         'Masukkan terigu, maizena, susu dan vanili yang sudah diayak; aduk dengan spatula sampai bisa dipulung.',
         'Ambil 8 g adonan, pipihkan, isi selai nanas, bulatkan.',
         'Olesi kuning telur campur sedikit minyak; panggang 150 °C ±30 menit sampai kuning keemasan.',
         'Dinginkan benar sebelum masuk toples agar tetap renyah.'],
    ),
    (
        'kastengel', 'Kastengel', 'Kue kering keju berbentuk batang, gurih dan renyah.', 80, 150, 60,
        [_r(TERIGU_RENDAH, '250'), _r(MARGARIN, '150'), _r(MENTEGA, '50'), _r(KEJU, '250'), _r(TELUR, '3'),
         _r(SUSU_BUBUK, '1'), _r(MAIZENA, '25')],
        ['Parut keju; sisihkan 80 g untuk taburan.',
         'Aduk margarin, mentega dan 2 kuning telur sebentar; masukkan keju parut.',
         'Masukkan terigu, maizena dan susu yang sudah diayak; aduk sampai bisa dipulung.',
         'Giling setebal 1 cm, potong batang 1 × 4 cm.',
         'Olesi kuning telur, taburi keju; panggang 150 °C ±35 menit.'],
    ),
    (
        'kue-cubit', 'Kue cubit', 'Kue cubit setengah matang bertabur meses, dijual hangat.', 30, 45, 50,
        [_r(TERIGU, '150'), _r(GULA, '100'), _r(TELUR, '2'), _r(SUSU_CAIR, '150'), _r(MARGARIN, '50'),
         _r(BAKING_POWDER, '5'), _r(SODA, '2'), _r(MESES, '50'), _r(VANILI, '1')],
        ['Kocok telur dan gula sampai gula larut dan berbusa.',
         'Masukkan terigu, baking powder, soda kue dan vanili bergantian dengan susu cair; aduk rata.',
         'Tuang margarin leleh, aduk; diamkan adonan 15 menit.',
         'Panaskan cetakan kue cubit, olesi margarin, tuang adonan hampir penuh.',
         'Tutup, masak dengan api kecil 2–3 menit; taburi meses, angkat selagi setengah matang.'],
    ),
]
# fmt: on


# ---- the chili steps --------------------------------------------------------------------------------

# fmt: off
FARMING: list[tuple[str, str, str, list[str]]] = [
    (
        'persemaian', 'Persemaian cabai', 'Menyemai benih di tray sampai bibit siap pindah tanam.',
        ['Rendam benih dalam air hangat ±2 jam; buang benih yang mengapung.',
         'Siapkan media semai: tanah halus, pupuk kandang matang dan sekam bakar 1:1:1, isi ke tray semai.',
         'Tanam satu benih per lubang, tutup tipis dengan media, siram dengan gembor halus.',
         'Beri naungan plastik atau paranet; siram pagi dan sore, jangan sampai becek.',
         'Bibit siap pindah tanam umur 21–30 hari, berdaun 4–6 helai.'],
    ),
    (
        'olah-lahan', 'Pengolahan lahan dengan traktor tangan', 'Membajak dan membuat bedengan dengan traktor.',
        ['Periksa traktor: oli, solar, air radiator, baut bajak dan rotari.',
         'Bajak sedalam 25–30 cm, diamkan 7 hari agar tanah terkena matahari.',
         'Taburkan kapur dolomit bila tanah masam, lalu haluskan dengan rotari.',
         'Buat bedengan lebar 100–120 cm, tinggi 30–40 cm, parit 50 cm.',
         'Campurkan pupuk kandang dan pupuk dasar ke bedengan.',
         'Bersihkan traktor dari lumpur dan catat jam pakainya di buku kelompok.'],
    ),
    (
        'penanaman', 'Penanaman dengan mulsa plastik', 'Memasang mulsa plastik hitam perak dan menanam bibit.',
        ['Pasang mulsa hitam perak (perak di atas) saat terik agar kencang; sematkan dengan pasak bambu.',
         'Lubangi mulsa dengan kaleng panas, jarak tanam 60 × 70 cm zig-zag.',
         'Tanam bibit sore hari, satu per lubang; padatkan tanah di sekitar batang.',
         'Siram setelah tanam; sulam bibit yang mati dalam 7 hari.',
         'Pasang ajir bambu di samping tiap tanaman.'],
    ),
    (
        'pemupukan', 'Pemupukan', 'Pupuk susulan dengan kocor NPK dan pupuk daun.',
        ['Larutkan 2 kg NPK 16-16-16 dalam 200 liter air.',
         'Kocorkan 200–250 ml per tanaman lewat lubang mulsa, tiap 7–10 hari.',
         'Saat berbunga, semprot pupuk daun pagi hari sebelum jam 9.',
         'Catat tanggal, jenis dan jumlah pupuk di buku kelompok.'],
    ),
    (
        'hama-penyakit', 'Pengendalian hama dan penyakit', 'Mengamati kebun, memasang perangkap, menyemprot aman.',
        ['Amati kebun dua kali seminggu: daun keriting, bercak, buah busuk, kutu kebul, thrips.',
         'Pasang perangkap kuning lengket dan perangkap lalat buah.',
         'Cabut dan musnahkan tanaman yang terserang virus kuning atau keriting.',
         'Semprot fungisida untuk patek (antraknosa) di musim hujan, sesuai dosis di label.',
         'Pakai masker, sarung tangan dan sepatu bot; simpan pestisida jauh dari dapur dan anak-anak.',
         'Patuhi masa tunggu panen yang tertulis di label.'],
    ),
    (
        'panen', 'Panen cabai', 'Memetik cabai yang cukup merah, tiap 5–7 hari.',
        ['Panen pertama ±75–85 hari setelah tanam, lalu tiap 5–7 hari.',
         'Petik buah yang merah 80–90 % beserta tangkainya, pagi hari setelah embun kering.',
         'Pisahkan buah busuk atau terserang patek sejak di kebun.',
         'Kumpulkan di keranjang berlubang di tempat teduh; catat kg tiap anggota.'],
    ),
    (
        'pascapanen', 'Pascapanen dan sortasi', 'Memilah kelas mutu, mengemas dan menjual bersama.',
        ['Sortir: kelas super (merah penuh, mulus), kelas biasa dan afkir.',
         'Jangan dicuci sebelum dijual; angin-anginkan di tempat teduh.',
         'Timbang dan kemas di karung jala atau keranjang berlubang, beri label kelas dan berat.',
         'Bandingkan harga pengepul dan pasar, lalu catat penjualan kelompok.',
         'Cabai afkir dijemur jadi cabai kering atau diolah jadi sambal.'],
    ),
]
# fmt: on
# The KWT_DAYS each step is taught on (0-based): harvest and post-harvest share the last day.
FARMING_DAYS = [0, 1, 2, 3, 4, 5, 5]
