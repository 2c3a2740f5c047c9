"""The demo's aid: a baking kit for each kue trainee (six handed over on the first day, four confirmed on
their phones, one signed on paper, one still waiting: Siti, trainee 1, so a demo log-in sees the "sudah
diterima" button), and one tillage machine handed to the KWT, its receipt signed on paper by its chair
(Carini, the group's `chair_id`), who is PIHAK KEDUA on its berita acara serah terima."""

from __future__ import annotations

import datetime as dt

from models.account import Account
from models.aid import AidItem, Confirmation, Handover, Recipient
from models.base import Record
from models.participant import Group, Participant
from models.programme import Programme

KIT_VALUE = 750_000
TRACTOR_VALUE = 18_500_000
KITS_HANDED = 6  # trainees 1–6
KITS_ON_PAPER = (5,)  # index of the trainee who signed the paper receipt
KIT_WAITING = (0,)  # still to confirm: Siti


def aid_records(
    kue: Programme,
    kue_people: list[Participant],
    kwt: Programme,
    group: Group,
    coordinator: Account,
    trainees: list[Account],
    now: dt.datetime,
) -> list[Record]:
    kit = AidItem(
        id='bantuan-paket-kue', programme_id=kue.id, name='Paket peralatan usaha kue', recipient=Recipient.TRAINEE,
        quantity=len(kue.participant_ids), unit='paket', unit_value=KIT_VALUE,
        description='Oven tangkring, mixer, loyang, cetakan, timbangan digital dan kukusan',
    )  # fmt: skip
    tractor = AidItem(
        id='bantuan-traktor', programme_id=kwt.id, name='Traktor tangan (hand tractor)', recipient=Recipient.GROUP,
        quantity=1, unit='unit', unit_value=TRACTOR_VALUE,
        description='Traktor roda dua 8,5 PK dengan bajak singkal; bantuan Disnakertrans Provinsi Lampung',
    )  # fmt: skip
    accounts = {a.participant_id: a for a in trainees}
    records: list[Record] = [kit, tractor]
    for index, person in enumerate(kue_people[:KITS_HANDED]):
        handover = Handover(
            programme_id=kue.id, item_id=kit.id, participant_id=person.id, quantity=1, unit_value=KIT_VALUE,
            handed_on=kue.start, handed_by=coordinator.id, recorded_at=now,
        )  # fmt: skip
        if index in KITS_ON_PAPER:
            handover = handover.model_copy(
                update={'confirmed_at': now, 'confirmation': Confirmation.PAPER, 'confirmed_by': coordinator.id,
                        'receiver_name': person.name}
            )  # fmt: skip
        elif index not in KIT_WAITING:
            mine = accounts[person.id]
            handover = handover.model_copy(
                update={'confirmed_at': now, 'confirmation': Confirmation.PHONE, 'confirmed_by': mine.id,
                        'receiver_name': mine.name}
            )  # fmt: skip
        records.append(handover)
    handed_on = kwt.start + dt.timedelta(days=12)  # before land preparation with the machine
    signed = dt.datetime.combine(handed_on, dt.time(10, 0), kwt.zone.tz).astimezone(dt.UTC)
    records.append(
        Handover(
            programme_id=kwt.id,
            item_id=tractor.id,
            group_id=group.id,
            quantity=1,
            unit_value=TRACTOR_VALUE,
            handed_on=handed_on,
            handed_by=coordinator.id,
            recorded_at=signed,
            confirmed_at=signed,
            confirmation=Confirmation.PAPER,
            confirmed_by=coordinator.id,
            receiver_name='Carini (Ketua KWT Melati Purna)',
            note='Diserahkan di Sekretariat KWT, disaksikan Kepala Desa Bumidaya',
        )  # fmt: skip
    )
    return records
