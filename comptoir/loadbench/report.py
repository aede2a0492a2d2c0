"""The load benchmark's results: the machine, the console table and the
section of docs/benchmarks.md between its markers."""

import datetime
import os
import platform
from importlib import metadata
from pathlib import Path

from django.db import connection

START = "<!-- bench_load:start -->"
END = "<!-- bench_load:end -->"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def machine() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0].split()[0]
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count() or 1),
        "memory": _memory(),
        "PostgreSQL": postgresql,
        "Python": platform.python_version(),
        "Django": _version("django"),
        "gunicorn": _version("gunicorn"),
    }


def load_average() -> str:
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "?"


def ratio(row: dict, trivial: dict | None) -> str:
    if not trivial or not trivial["rps"]:
        return "—"
    value = row["rps"] / trivial["rps"]
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def _errors(row: dict) -> str:
    if not row["error_count"]:
        return "0"
    return (
        f"{row['error_count']} (" + ", ".join(f"{k}: {n}" for k, n in row["errors"].items()) + ")"
    )


def console_table(rows: list[dict], trivial: dict | None) -> list[str]:
    width = max(len(row["label"]) for row in rows)
    lines = [
        f"  {'page':<{width}}  {'req/s':>7}  {'p50 ms':>7}  {'p95 ms':>7}  {'queries':>7}"
        f"  {'× trivial':>9}  {'KB':>5}  errors"
    ]
    for row in rows:
        lines.append(
            f"  {row['label']:<{width}}  {row['rps']:>7.1f}  {row['p50_ms']:>7.0f}  "
            f"{row['p95_ms']:>7.0f}  {row['queries']:>7}  {ratio(row, trivial):>9}  "
            f"{row['mean_bytes'] / 1024:>5.1f}  {_errors(row)}"
        )
    return lines


def markdown(rows: list[dict], trivial: dict | None, context: dict) -> str:
    info = context["machine"]
    counts = context["counts"]
    lines = [
        START,
        f"Run of {context['date']:%Y-%m-%d %H:%M %Z} ({context['duration']:.0f} s in all).",
        "",
        f"- **Machine**: {info['CPU']}, {info['cores']} cores, {info['memory']} of memory; "
        f"PostgreSQL {info['PostgreSQL']}, Python {info['Python']}, Django {info['Django']}, "
        f"gunicorn {info['gunicorn']} on the same machine. Load average before / after: "
        f"{context['load_before']} → {context['load_after']}.",
        "- **Data**: "
        + ", ".join(f"{n:,} {name}" for name, n in counts.items())
        + f", over {context['venues']} venues in {context['networks']} networks; the pages are "
        f"those of the busiest venue (`{context['venue']}`).",
        f"- **Server**: `gunicorn config.wsgi`, {context['workers']} sync workers, DEBUG off, "
        f"static files {context['static']}, `DATABASE_CONN_MAX_AGE={context['conn_max_age']}`.",
        f"- **Load**: a separate process, {context['concurrency']} threads each with its own "
        f"connection, {context['seconds']:g} s per page after {context['warmup']:g} s of warm-up. "
        "Queries are counted on one request in the command's process (Django test client, "
        "same database).",
        "",
        "| page | req/s | p50 | p95 | SQL queries | throughput ÷ trivial view | HTML | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['rps']:.1f} | {row['p50_ms']:,.0f} ms | "
            f"{row['p95_ms']:,.0f} ms | {row['queries']} | {ratio(row, trivial)} | "
            f"{row['mean_bytes'] / 1024:.1f} KB | {_errors(row)} |"
        )
    lines.append(END)
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Replace the text between the markers, or add a section at the end."""
    text = path.read_text() if path.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        _old, after = rest.split(END, 1)
        text = before + section + after
    else:
        heading = "## Pages under load — `manage.py bench_load` (latest run)"
        text = (text.rstrip("\n") + "\n\n" if text else "") + f"{heading}\n\n{section}\n"
    path.write_text(text)


def now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()
