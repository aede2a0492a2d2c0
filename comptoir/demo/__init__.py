"""Demo data for `manage.py load_demo`: content and generation, split by subdomain.

- `data`: the random helpers, the network, the two venues, their communes and
  opening hours, and the staff (who share the password "comptoir-demo").
- `people`: who the people are (ages, genders, statuses, first names).
- `journal`: what the activities are about (themes, procedures, workshops…).
- `calendar`: dates relative to today, Easter, bank holidays and closures.
- `builder`: `DemoBuilder`, which creates everything through the application's
  own actions, from a single seeded random generator.

This package is the only part of `comptoir.venues` that imports `comptoir.people`
and `comptoir.journal`; it is imported by the management command only.
"""
