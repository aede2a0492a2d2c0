"""Demo data of the repair café: last Saturday's event at the café with its queue seen
through (fixed, repairable with next steps, end of life with barriers, one object left
for parts, one visitor who could not wait), a regular whose repair skill is recognised,
and the next event, hors les murs at the partner place.

Everything goes through the repair app's own actions, as a real afternoon would.
"""

import datetime

from django.utils import timezone

from comptoir.repair import actions
from comptoir.repair.outcome import record_outcome
from comptoir.repair.reference import Barrier, NextStep, RepairStatus
from comptoir.skills.actions import recognise_skill
from comptoir.skills.models import SkillKind

# (category, brand, model, age, problem, fault type, outcome, details, repairer, minutes)
# repairer: "staff" (a volunteer of the team), "peer" (the recognised regular), "mediator".
ITEMS = [
    (
        16,
        "Lenovo",
        "ThinkPad T440",
        9,
        "Il ne charge plus, la prise bouge.",
        "Ports/slots/connectors",
        RepairStatus.FIXED,
        {"advice": "Ne pas tirer sur le câble ; ranger le chargeur enroulé large."},
        "peer",
        35,
    ),
    (
        19,
        "Samsung",
        "Galaxy A12",
        4,
        "L’écran reste noir mais le téléphone sonne.",
        "Screen",
        RepairStatus.REPAIRABLE,
        {
            "next_steps": NextStep.BRING_PART,
            "advice": "Commander un écran compatible (référence notée), revenir au prochain repair café.",
        },
        "staff",
        25,
    ),
    (
        4,
        "Dell",
        "OptiPlex 7010",
        11,
        "Très lent, ventilateur bruyant.",
        "Overheating",
        RepairStatus.FIXED,
        {"advice": "Dépoussiérer deux fois par an ; un système plus léger lui irait bien."},
        "staff",
        50,
    ),
    (
        25,
        "HP",
        "DeskJet 2630",
        6,
        "Le papier se coince à chaque page.",
        "Paper feed",
        RepairStatus.END_OF_LIFE,
        {"barrier": Barrier.PARTS_NOT_AVAILABLE, "left_for_parts": True},
        "mediator",
        40,
    ),
    (
        30,
        "Apple",
        "iPad Air 2",
        10,
        "La batterie ne tient plus une heure.",
        "Power/battery",
        RepairStatus.END_OF_LIFE,
        {
            "barrier": Barrier.NO_WAY_TO_OPEN,
            "advice": "Écran collé : voir un réparateur agréé si la personne y tient.",
        },
        "peer",
        20,
    ),
    (
        11,
        "Sony",
        "",
        3,
        "Plus de son à gauche.",
        "",
        RepairStatus.FIXED,
        {"advice": "Fil ressoudé ; éviter de l’enrouler serré."},
        "staff",
        30,
    ),
    (
        8,
        "LG",
        "24MK400",
        7,
        "L’écran clignote puis s’éteint.",
        "",
        RepairStatus.REPAIRABLE,
        {
            "next_steps": NextStep.SEE_PROFESSIONAL,
            "advice": "Condensateurs de l’alimentation à changer : adresse d’un réparateur donnée.",
        },
        "mediator",
        45,
    ),
    (
        2,
        "Anker",
        "PowerCore",
        5,
        "La batterie externe ne se recharge plus.",
        "",
        RepairStatus.END_OF_LIFE,
        {
            "barrier": Barrier.TOO_WORN_OUT,
            "advice": "Déposer la batterie en point de collecte, pas à la poubelle.",
        },
        "staff",
        15,
    ),
    (
        16,
        "Asus",
        "X540",
        7,
        "Windows ne démarre plus après une mise à jour.",
        "Operating system",
        RepairStatus.FIXED,
        {"advice": "Sauvegarde faite sur clé ; mises à jour à laisser finir."},
        "peer",
        60,
    ),
    (
        38,
        "Nintendo",
        "Switch",
        4,
        "La manette gauche dérive.",
        "",
        RepairStatus.REPAIRABLE,
        {"next_steps": NextStep.COME_BACK},
        "staff",
        20,
    ),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _last_saturday(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=(today.weekday() - 5) % 7 or 7)


def build_repair(builder, cafe, partner) -> dict[str, int]:
    """Returns counts: events, items, fixed."""
    venue, users, rng = cafe.venue, builder.users, builder.rng
    coordinator, mediator, volunteer = users["coordinator"], users["mediator"], users["volunteer"]
    saturday = _last_saturday(builder.today)

    # A regular who has been fixing laptops with the team for months.
    peer = rng.choice(cafe.people[len(cafe.people) // 2 :])
    recognise_skill(
        actor=mediator,
        venue=venue,
        person=peer,
        label="Répare les ordinateurs portables et les tablettes",
        kind=SkillKind.REPAIR,
        evidence_note="Diagnostique et change batteries et connecteurs avec Bernard depuis le printemps.",
        evidence_date=saturday - datetime.timedelta(days=40),
    )

    past = actions.schedule_event(
        actor=coordinator,
        venue=venue,
        title="Repair café numérique",
        starts_at=_at(saturday, 14),
        ends_at=_at(saturday, 17, 30),
        repairers=[volunteer, mediator],
        peer_repairers=[peer],
    )
    repairers = {
        "staff": {"user": volunteer},
        "peer": {"person": peer},
        "mediator": {"user": mediator},
    }
    visitors = rng.sample(cafe.people, k=min(len(cafe.people), 8))
    stock = _stock(venue)
    fixed = 0
    arrival = past.starts_at
    for index, (
        category,
        brand,
        model,
        age,
        problem,
        fault,
        status,
        details,
        who,
        minutes,
    ) in enumerate(ITEMS):
        arrival += datetime.timedelta(minutes=rng.randint(3, 12))
        known = visitors[index] if index < len(visitors) else None
        item = actions.intake_item(
            actor=users["facilitator"],
            event=past,
            category_id=category,
            problem=problem,
            person=known,
            first_name="" if known else rng.choice(["Mireille", "Yanis"]),
            brand=brand,
            model=model,
            age_years=age,
            fault_type=fault,
            now=arrival,
        )
        started = arrival + datetime.timedelta(minutes=rng.randint(5, 20))
        item = actions.start_repair(actor=mediator, item=item, now=started, **repairers[who])
        details = dict(details)
        if details.pop("left_for_parts", False):
            details["left_for_parts"] = True
        used = []
        if status == RepairStatus.FIXED and fixed == 0:
            used = list(stock.available_parts(venue)[:1])
        record_outcome(
            actor=mediator,
            item=item,
            repair_status=status,
            parts=used,
            now=started + datetime.timedelta(minutes=minutes),
            **details,
        )
        fixed += status == RepairStatus.FIXED
    # One visitor could not wait.
    late = actions.intake_item(
        actor=users["facilitator"],
        event=past,
        category_id=10,
        problem="La console portable ne s’allume plus.",
        first_name="Inès",
        now=_at(saturday, 16, 50),
    )
    actions.mark_left(actor=users["facilitator"], item=late, now=_at(saturday, 17, 20))

    # Next month, hors les murs at the partner place.
    upcoming_day = _last_saturday(builder.today) + datetime.timedelta(weeks=3)
    actions.schedule_event(
        actor=coordinator,
        venue=venue,
        place=partner.venue,
        title="Repair café hors les murs",
        starts_at=_at(upcoming_day, 14),
        ends_at=_at(upcoming_day, 17),
        repairers=[volunteer],
        peer_repairers=[peer],
    )
    return {"events": 2, "items": len(ITEMS) + 1, "fixed": fixed}


def _stock(venue):
    """The reuse app's parts API."""
    from comptoir.reuse import parts

    return parts
