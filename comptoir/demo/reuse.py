"""Demo data of reuse: a company's donation of four laptops, two phones from the
collection bin, a screen and a desktop, devices at every stage of the lifecycle
(one allocated to a person with a signed agreement, one recycled with its WEEE
receipt), and a laptop left for parts at the repair café whose parts fill the
stock (one of them already used to recondition a donated laptop).

Everything goes through the reuse actions; the dates are then spread over the
past weeks (the actions stamp the current time), so the figures have a history.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from comptoir.reuse import actions
from comptoir.reuse.models import (
    Allocation,
    DeviceTransition,
    Donation,
    DriveKind,
    ErasureMethod,
    ErasureRecord,
    PartCondition,
    PartMovement,
    Reconditioning,
)
from comptoir.reuse.models import DeviceState as S
from comptoir.reuse.parts import add_part, receive_left_for_parts, take_part
from comptoir.workshops.models import Session, WorkshopFormat

LAPTOPS = [
    ("Lenovo", "ThinkPad T440", "Intel Core i5-4300U", 8, 74, "PB-0A1B2C", "S2R5NX0H512301"),
    ("Lenovo", "ThinkPad T440", "Intel Core i5-4300U", 4, 63, "PB-0A1B3D", "S2R5NX0H512388"),
    ("Dell", "Latitude E6440", "Intel Core i5-4310M", 8, 81, "7GHK9Z1", "WD-WXB1A84F2217"),
    ("HP", "EliteBook 840 G2", "Intel Core i5-5300U", 8, 55, "5CG5231XYZ", "S21PNXAG934812"),
]
# Where each laptop of the donation stops, in order.
LAPTOP_STAGES = [S.ALLOCATED, S.READY, S.RECONDITIONED, S.ERASED]
MAIN_PATH = [S.TRIAGED, S.TO_ERASE, S.ERASED, S.RECONDITIONED, S.READY, S.ALLOCATED]


def _erase(device, actor, venue, method=ErasureMethod.CLEAR, tool="ShredOS / nwipe 0.36"):
    for drive in device.drives.all():
        actions.record_erasure(
            actor=actor, venue=venue, drive=drive, method=method, tool=tool, passed=True
        )


def _walk(device, venue, *, to, users, person=None, session=None):
    volunteer, mediator = users["volunteer"], users["mediator"]
    for state in MAIN_PATH[: MAIN_PATH.index(to) + 1]:
        if state == S.ERASED:
            _erase(device, volunteer, venue)
        if state == S.RECONDITIONED:
            actions.recondition_device(
                actor=volunteer,
                venue=venue,
                device=device,
                operating_system="Linux Mint 22 Xfce",
                tests_passed=True,
                accessories="chargeur d’origine",
                session=session,
            )
        elif state == S.ALLOCATED:
            actions.allocate_device(
                actor=mediator,
                venue=venue,
                device=device,
                person=person,
                eligibility_reason="Demandeuse d’emploi, sans ordinateur à la maison",
                agreement_signed=True,
                price_kind="pass",
                amount=Decimal("20"),
            )
        else:
            actions.move_device(actor=volunteer, venue=venue, device=device, to=state)


def _spread(device, start: datetime.datetime, rng, now: datetime.datetime) -> None:
    """Re-date a device's history: each move a few days after the previous one."""
    when = start
    for move in device.transitions.order_by("pk"):
        move.at = min(when, now)
        move.save(update_fields=["at"])
        if move.to_state == S.ERASED:
            ErasureRecord.objects.filter(drive__device=device).update(performed_at=move.at)
        if move.to_state == S.RECONDITIONED:
            Reconditioning.objects.filter(device=device).update(at=move.at)
        if move.to_state == S.ALLOCATED:
            Allocation.objects.filter(device=device).update(allocated_at=move.at)
        when += datetime.timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 5))


def build_reuse(builder, cafe) -> dict[str, int]:
    """Returns counts: donations, devices, parts."""
    venue, users, rng = cafe.venue, builder.users, builder.rng
    coordinator, volunteer = users["coordinator"], users["volunteer"]
    now = timezone.now()
    install_party = (
        Session.objects.filter(venue=venue, workshop__format=WorkshopFormat.INSTALL_PARTY)
        .order_by("starts_at")
        .first()
    )

    company = actions.receive_donation(
        actor=coordinator,
        venue=venue,
        donor_kind="company",
        donor_name="Cabinet comptable Morel & associés",
        place="Dans leurs bureaux, rue Anatole-France",
        received_at=now - datetime.timedelta(days=60),
        devices=[
            {
                "category_id": 16,
                "brand": brand,
                "model": model,
                "serial_number": serial,
                "processor": cpu,
                "memory_gb": memory,
                "battery_health_percent": battery,
                "condition": "Bon état, quelques rayures sur le capot.",
                "drives": [{"kind": DriveKind.SSD, "serial": drive, "capacity_gb": 256}],
            }
            for brand, model, cpu, memory, battery, serial, drive in LAPTOPS
        ],
    )
    phones = actions.receive_donation(
        actor=volunteer,
        venue=venue,
        donor_kind="bin",
        place="Bac de collecte de la médiathèque",
        received_at=now - datetime.timedelta(days=21),
        devices=[
            {"category_id": 19, "brand": "Samsung", "model": "Galaxy A5 (2017)"},
            {"category_id": 19, "brand": "Apple", "model": "iPhone 6s", "condition": "Écran fêlé"},
        ],
    )
    others = actions.receive_donation(
        actor=coordinator,
        venue=venue,
        donor_kind="association",
        donor_name="Association Quartiers Solidaires",
        received_at=now - datetime.timedelta(days=35),
        devices=[
            {
                "category_id": 8,
                "brand": "Samsung",
                "model": "SyncMaster 940N",
                "condition": "Ne s’allume plus",
            },
            {
                "category_id": 4,
                "brand": "Dell",
                "model": "OptiPlex 7010",
                "processor": "Intel Core i5-3470",
            },
        ],
    )

    person = rng.choice(cafe.people)
    laptops = list(company.devices.order_by("pk"))
    for device, stage in zip(laptops, LAPTOP_STAGES, strict=True):
        _walk(device, venue, to=stage, users=users, person=person, session=install_party)

    phone_to_erase, phone_triaged = phones.devices.order_by("pk")
    _walk(phone_triaged, venue, to=S.TRIAGED, users=users)
    _walk(phone_to_erase, venue, to=S.TO_ERASE, users=users)
    actions.add_drive(
        actor=volunteer,
        venue=venue,
        device=phone_to_erase,
        kind=DriveKind.EMMC,
        serial="IMEI 352099001761481",
        capacity_gb=32,
    )

    screen, _desktop_received = others.devices.order_by("pk")
    actions.move_device(actor=volunteer, venue=venue, device=screen, to=S.TRIAGED, note="HS")
    actions.recycle_device(
        actor=coordinator, venue=venue, device=screen, receipt="ECOSYSTEM-2026-004512"
    )

    # Left for parts at the repair café: dismantled, its parts go to the stock.
    wreck = receive_left_for_parts(
        actor=volunteer,
        venue=venue,
        category_id=16,
        brand="Acer",
        model="Aspire 5742",
        source_ref="repair-cafe",
        note="Carte mère hors service, laissé pour pièces par sa propriétaire.",
    )
    parts = [
        add_part(
            actor=volunteer,
            venue=venue,
            kind=kind,
            compatible_models=models,
            condition=condition,
            location="Armoire des pièces, bac 2",
            source_device=wreck,
        )
        for kind, models, condition in [
            (
                "Barrette mémoire 4 Go DDR3",
                "SO-DIMM DDR3 1333 : Acer Aspire, ThinkPad T440",
                PartCondition.TESTED,
            ),
            ("Écran 15,6 pouces", "Acer Aspire 5742, 5741, 5551", PartCondition.TESTED),
            ("Chargeur 19 V", "Acer Aspire (embout 5,5 mm)", PartCondition.UNTESTED),
        ]
    ]
    # The memory went into the laptop with 4 Go, before its reconditioning.
    take_part(
        actor=volunteer,
        venue=venue,
        part=parts[0],
        used_for=f"device:{laptops[1].asset_tag}",
        note="Passage à 8 Go",
    )

    # Dates: each device's history starts at its donation.
    for donation in (company, phones, others):
        for device in donation.devices.all():
            _spread(device, donation.received_at, rng, now)
    _spread(wreck, now - datetime.timedelta(days=75), rng, now)
    PartMovement.objects.filter(part__source_device=wreck).update(
        at=now - datetime.timedelta(days=70)
    )
    return {
        "donations": Donation.objects.filter(venue=venue).count(),
        "devices": DeviceTransition.objects.filter(device__venue=venue, from_state="").count(),
        "parts": len(parts),
    }
