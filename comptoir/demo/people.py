"""Demo content: who the people are (age, gender, status, first names).

First names are common names or nicknames of each generation; a quarter get an
initial ("Monique B."), as is usual in a journal. `random_profile()` and
`random_first_name()` draw someone from these tables with the builder's
generator.
"""

import random

from comptoir.demo.data import Weighted
from comptoir.people.enums import AgeBracket, Gender, SocialStatus

AGE_BRACKETS = Weighted(
    [
        (AgeBracket.FROM_12_TO_17, 2),
        (AgeBracket.FROM_18_TO_24, 5),
        (AgeBracket.FROM_25_TO_39, 11),
        (AgeBracket.FROM_40_TO_59, 20),
        (AgeBracket.FROM_60_TO_69, 25),
        (AgeBracket.OVER_70, 31),
        (AgeBracket.NOT_GIVEN, 6),
    ]
)
GENDERS = Weighted([(Gender.FEMALE, 58), (Gender.MALE, 38), (Gender.NOT_GIVEN, 4)])
STATUS_BY_AGE = {
    AgeBracket.FROM_12_TO_17: Weighted([(SocialStatus.IN_SCHOOL, 95), (SocialStatus.NOT_GIVEN, 5)]),
    AgeBracket.FROM_18_TO_24: Weighted(
        [
            (SocialStatus.IN_SCHOOL, 35),
            (SocialStatus.UNEMPLOYED, 35),
            (SocialStatus.EMPLOYED, 25),
            (SocialStatus.NOT_GIVEN, 5),
        ]
    ),
    AgeBracket.FROM_25_TO_39: Weighted(
        [(SocialStatus.UNEMPLOYED, 45), (SocialStatus.EMPLOYED, 45), (SocialStatus.NOT_GIVEN, 10)]
    ),
    AgeBracket.FROM_40_TO_59: Weighted(
        [(SocialStatus.UNEMPLOYED, 42), (SocialStatus.EMPLOYED, 48), (SocialStatus.NOT_GIVEN, 10)]
    ),
    AgeBracket.FROM_60_TO_69: Weighted(
        [
            (SocialStatus.RETIRED, 65),
            (SocialStatus.UNEMPLOYED, 18),
            (SocialStatus.EMPLOYED, 12),
            (SocialStatus.NOT_GIVEN, 5),
        ]
    ),
    AgeBracket.OVER_70: Weighted([(SocialStatus.RETIRED, 95), (SocialStatus.NOT_GIVEN, 5)]),
    AgeBracket.NOT_GIVEN: Weighted(
        [
            (SocialStatus.NOT_GIVEN, 70),
            (SocialStatus.RETIRED, 15),
            (SocialStatus.UNEMPLOYED, 10),
            (SocialStatus.EMPLOYED, 5),
        ]
    ),
}

SENIOR_AGES = {AgeBracket.FROM_60_TO_69, AgeBracket.OVER_70}
YOUNG_AGES = {AgeBracket.FROM_12_TO_17, AgeBracket.FROM_18_TO_24}
FIRST_NAMES = {
    ("senior", Gender.FEMALE): [
        "Monique",
        "Jacqueline",
        "Françoise",
        "Josiane",
        "Colette",
        "Yvette",
        "Christiane",
        "Danielle",
        "Odette",
        "Simone",
        "Ginette",
        "Huguette",
        "Paulette",
        "Michèle",
        "Nicole",
        "Annie",
        "Martine",
        "Chantal",
        "Marie-Thérèse",
        "Jeannine",
        "Renée",
        "Fatma",
        "Zohra",
        "Khadija",
        "Mimi",
        "Marie-Claude",
        "Bernadette",
        "Évelyne",
        "Arlette",
        "Dédée",
        "Lucienne",
        "Maria",
    ],
    ("senior", Gender.MALE): [
        "Gérard",
        "Michel",
        "Bernard",
        "Jean-Pierre",
        "Marcel",
        "Roger",
        "André",
        "Raymond",
        "Georges",
        "Alain",
        "Daniel",
        "Jacques",
        "René",
        "Guy",
        "Serge",
        "Robert",
        "Henri",
        "Lucien",
        "Ahmed",
        "Mohamed",
        "Salah",
        "Antonio",
        "Manuel",
        "Dédé",
        "Jojo",
        "Jean-Claude",
        "Gilbert",
        "Pierre",
        "Maurice",
        "Tonton",
    ],
    ("adult", Gender.FEMALE): [
        "Nathalie",
        "Sandrine",
        "Isabelle",
        "Fatima",
        "Nadia",
        "Malika",
        "Aïcha",
        "Sophie",
        "Céline",
        "Valérie",
        "Sylvie",
        "Patricia",
        "Karima",
        "Samia",
        "Stéphanie",
        "Émilie",
        "Aurélie",
        "Laetitia",
        "Mélanie",
        "Amina",
        "Leïla",
        "Hawa",
        "Mariam",
        "Ioana",
        "Elena",
        "Véronique",
    ],
    ("adult", Gender.MALE): [
        "Karim",
        "Samir",
        "Rachid",
        "Stéphane",
        "Frédéric",
        "Laurent",
        "Christophe",
        "Nicolas",
        "Sébastien",
        "Mehdi",
        "Youssef",
        "Mamadou",
        "Moussa",
        "Olivier",
        "David",
        "Julien",
        "Abdel",
        "Hakim",
        "Thierry",
        "Pascal",
        "Bruno",
        "Vasile",
        "Ousmane",
        "Franck",
    ],
    ("young", Gender.FEMALE): [
        "Inès",
        "Léa",
        "Chloé",
        "Manon",
        "Yasmine",
        "Sarah",
        "Lina",
        "Aminata",
        "Fatoumata",
        "Jade",
        "Maëlys",
        "Océane",
        "Nour",
    ],
    ("young", Gender.MALE): [
        "Yanis",
        "Enzo",
        "Lucas",
        "Rayan",
        "Nathan",
        "Adam",
        "Ilyes",
        "Théo",
        "Kylian",
        "Bilal",
        "Hugo",
        "Ibrahim",
    ],
}
NEUTRAL_NAMES = [
    "Dominique",
    "Claude",
    "Camille",
    "Sacha",
    "Alex",
    "Lou",
    "Charlie",
    "Kiki",
    "Titi",
]
INITIALS = "ABCDFGLMNPRSTV"


def random_profile(rng: random.Random, communes: Weighted) -> dict:
    """Age, gender, status and commune of someone (known or anonymous)."""
    age = AGE_BRACKETS(rng)
    commune = communes(rng)
    return {
        "age_bracket": age,
        "gender": GENDERS(rng),
        "social_status": STATUS_BY_AGE[age](rng),
        "commune": commune.name if commune else "",
        "postal_code": commune.postal_code if commune else "",
        "insee_code": commune.insee_code if commune else "",
    }


def random_first_name(rng: random.Random, age: str, gender: str) -> str:
    """A first name (or nickname) fitting the person's generation and gender."""
    if gender == Gender.NOT_GIVEN or rng.random() < 0.03:
        name = rng.choice(NEUTRAL_NAMES)
    else:
        if age in SENIOR_AGES:
            generation = "senior"
        elif age in YOUNG_AGES:
            generation = "young"
        elif age == AgeBracket.NOT_GIVEN:
            generation = rng.choice(("senior", "adult"))
        else:
            generation = "adult"
        name = rng.choice(FIRST_NAMES[(generation, gender)])
    if rng.random() < 0.25:
        name = f"{name} {rng.choice(INITIALS)}."
    return name
