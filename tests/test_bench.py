"""A tiny run of the scale benchmark (bench/run.py), so the benchmark cannot rot unnoticed.

The figures of a tiny run mean nothing; what is checked is that every page, reference and job runs
and lands in the table. The real figures are in bench/RESULTS.md.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def server_url() -> str:
    database = settings.DATABASES["default"]
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}"


def test_a_tiny_benchmark_run_prints_every_figure(tmp_path):
    markdown = tmp_path / "results.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--meetings",
            "40",
            "--follow-ups",
            "600",
            "--users",
            "30",
            "--requests",
            "2",
            "--export-rows",
            "150",
            "--server",
            server_url(),
            "--database",
            f"lovp_bench_smoke_{os.getpid()}",
            "--reseed",
            "--drop",
            "--markdown",
            str(markdown),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = markdown.read_text()
    for row in [
        "| triviale pagina (basislayout) |",
        "| dashboard |",
        "| vervolgacties: alles |",
        "| vervolgacties: onderwerp + over tijd |",
        "| vervolgacties: zoeken",
        "| vervolgacties: laatste pagina |",
        "| dossier (grootste onderwerp) |",
        "| vergadering (mediaan) |",
        "| CSV-export (",
        "| XLSX-export (",
        "| flag_overdue (eerste keer",
        "| draft_agenda (volgende vergadering) |",
        "| send_reminders (",
        "| CSV | ",
        "| XLSX | ",
    ]:
        assert row in table, row
    assert "uitkomst gelijk" in table  # flag_overdue sets exactly the marks of the raw UPDATE
    # Query counts of the pages: at most 12 each (the target), here as at a million rows.
    pages = table.split("| Pagina |", 1)[1].split("\n\n", 1)[0]
    for line in pages.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert int(cells[3]) <= 12, line
