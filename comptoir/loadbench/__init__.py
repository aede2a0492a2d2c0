"""The load benchmark (`manage.py bench_load`, `make bench`): the key pages served
by gunicorn on a realistic PostgreSQL database, driven from a second process.

- `world.py` seeds the data (the reports' journal from `reports.benchdata`, then
  staff, appointments, workshops and the café numérique queue) and deletes it;
- `pages.py` names the pages measured and who opens them;
- `server.py` starts gunicorn (with `settings.py`, which adds the trivial view
  of `urls.py`) and logs staff in through the login page;
- `loadgen.py` is the load generator, a separate process with no Django;
- `report.py` prints the table and writes it into docs/benchmarks.md.
"""
