"""How fast the pages are: `make bench-pages` (or `.venv/bin/python bench/pages.py`).

1. Makes a throwaway database: PostgreSQL when a server answers at 127.0.0.1:5432 (user postgres), in a
   database of its own that it drops afterwards; else SQLite in a temporary folder; or the empty database
   BENCH_DATABASE_URL names (filled, and left behind). Migrates it and loads the demo, with the few things
   the demo has none of (a paper with a version, a venue photo, a correction, an invitation, a picture, a
   partner who is not online) so every page has something to show.
2. For each size in BENCH_SIZES (1×, 10× and 100× the demo: coproduction.grow, which adds years of meetings
   with their minutes, decisions and action points, a work plan of up to 200 tasks (133 at 10×, 203 at
   100×), and as many other partnerships beside it as the size),
   asks every page the demo's coordinator reaches (coproduction.pagewalk.person_pages) with Django's test
   client, in this process, with the production settings: the queries it makes, the server milliseconds it
   takes (the median of BENCH_RUNS runs after one to warm up) and the bytes it sends.
3. At the largest size, serves the app under gunicorn as the README's deployment runs it (DEBUG off, the
   same workers and timeouts, PostgreSQL, Redis for the cache and sessions when Redis answers at
   127.0.0.1:6379) and, signed in as the coordinator, asks each key page with 8 connections at once for
   BENCH_SECONDS, then a bare Django page (one template with a 50-item loop, bench.urls) the same way,
   before and after the key pages. It prints requests per second, the 50th and 95th percentile of the time
   to a whole answer, each page's rate as a share of the bare page's, and the CPU that gunicorn's workers and
   this load generator used, so a busy machine or a load generator at its limit shows in the figures.

Figures only: it asserts nothing (tests/test_query_budgets.py keeps the query budgets). It cleans up
(gunicorn, the database, its cache keys, its folder) however it ends, Ctrl-C included.
"""

import asyncio
import atexit
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = sorted({int(size) for size in os.environ.get("BENCH_SIZES", "1,10,100").split(",") if size.strip()})
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONNECTIONS = 8
# The README's production command, as measured here (README.md, "Deployment").
GUNICORN = ["--workers", "2", "--timeout", "30", "--graceful-timeout", "30"]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/14"
BUDGET = 12  # the query budget the tests hold every page to, marked in the table

WORK = Path(tempfile.mkdtemp(prefix="coproduction-bench-pages-"))
RUN_ID = f"{os.getpid()}"


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def _make_database() -> tuple[str, str | None, str]:
    """(DATABASE_URL, the PostgreSQL database to drop afterwards or None, a description)."""
    if given := os.environ.get("BENCH_DATABASE_URL"):
        return given, None, f"{given.split('://')[0]} (BENCH_DATABASE_URL, left behind)"
    if _answers("127.0.0.1", 5432):
        import psycopg

        name = f"coproduction_bench_{RUN_ID}"
        try:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as server:
                server.execute(f'CREATE DATABASE "{name}"')
                version = server.info.server_version  # e.g. 150020 for 15.20
        except psycopg.Error as error:
            print(f"PostgreSQL answers at 127.0.0.1:5432 but would not make a database ({error}); SQLite.")
        else:
            return f"{PG_SERVER}/{name}", name, f"PostgreSQL {version // 10000}.{version % 10000} ({name})"
    return f"sqlite:///{WORK / 'bench.sqlite3'}", None, "SQLite (no PostgreSQL at 127.0.0.1:5432)"


def _drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _redis() -> str | None:
    if not _answers("127.0.0.1", 6379):
        return None
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_timeout=2).ping()
    except Exception:  # noqa: BLE001 (anything but a clean answer: run without it)
        return None
    return REDIS


def _clean_up() -> None:
    """Whatever the run made outside this process's memory, however it ends."""
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    if PG_DATABASE:
        try:
            _drop_database(PG_DATABASE)
        except Exception as error:  # noqa: BLE001 (say so and go on cleaning)
            print(f"Could not drop the database {PG_DATABASE}: {error}", file=sys.stderr)
    if CACHE_URL:
        try:
            import redis

            cache = redis.Redis.from_url(CACHE_URL)
            for key in cache.scan_iter(f"{CACHE_PREFIX}:*"):
                cache.delete(key)
        except Exception as error:  # noqa: BLE001
            print(f"Could not delete the cache keys {CACHE_PREFIX}:*: {error}", file=sys.stderr)
    shutil.rmtree(WORK, ignore_errors=True)


def _terminated(signum, frame):
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, _terminated)
signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started in the background
CACHE_URL = _redis()
CACHE_PREFIX = f"bench{RUN_ID}"
PG_DATABASE = None
atexit.register(_clean_up)
DATABASE_URL, PG_DATABASE, DATABASE_SHOWN = _make_database()
# The production settings (DEBUG off), for this process and for gunicorn alike; bench.settings adds the
# bare page. BEHIND_PROXY as in the README's deployment: requests say HTTPS in X-Forwarded-Proto.
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "BEHIND_PROXY": "true",
        "PROXY_COUNT": "1",
        "DATABASE_URL": DATABASE_URL,
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "BENCH_CACHE_PREFIX": CACHE_PREFIX,
        # Production keeps each worker's connection for 60 s, then opens another: a few milliseconds a minute.
        # Kept for the whole run here, so that PostgreSQL's CPU for each page can be read from its processes.
        "DATABASE_CONN_MAX_AGE": "3600",
    }
)
if CACHE_URL:
    os.environ["CACHE_URL"] = CACHE_URL
else:
    os.environ.pop("CACHE_URL", None)

import django  # noqa: E402

django.setup()


class _FirstErrorOnly(logging.Filter):
    """A page that fails prints its error once, not at every run and size."""

    def __init__(self):
        super().__init__()
        self.seen = set()

    def filter(self, record):
        message = record.getMessage()
        first = message not in self.seen
        self.seen.add(message)
        return first


# Refused methods and 404s show in the table as statuses; a 500 prints its error once.
logging.getLogger("django.request").setLevel(logging.ERROR)
logging.getLogger("django.request").addFilter(_FirstErrorOnly())

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from coproduction import demo, grow  # noqa: E402
from coproduction.pagewalk import DEMO_LAST_MEETING, DEMO_NEXT_MEETING, person_pages  # noqa: E402
from meetings import models as mm  # noqa: E402
from partners.models import (  # noqa: E402
    AccessNeed,
    CommunicationPreference,
    GlossaryTerm,
    HowTold,
    Invitation,
    Membership,
    PartnerGroup,
    Picture,
    Role,
)
from partners.services import offline_partner_add  # noqa: E402
from workplan.models import Task  # noqa: E402

# The pages measured under load: (what, URL name, which demo meeting or None, extra URL arguments).
KEY_PAGES = [
    ("Workspace home", "workspace", None, {}),
    ("Meetings list", "meetings:meeting_list", None, {}),
    ("A meeting", "meetings:meeting_detail", DEMO_NEXT_MEETING, {}),
    ("Its agenda", "meetings:agenda", DEMO_NEXT_MEETING, {}),
    ("Access plan", "meetings:access_plan", DEMO_NEXT_MEETING, {}),
    ("Run meeting", "meetings:run", DEMO_NEXT_MEETING, {}),
    ("Action log", "meetings:action_list", None, {}),
    ("Decisions", "meetings:decision_list", None, {}),
    ("Minutes", "meetings:minutes", DEMO_LAST_MEETING, {}),
    ("Work plan", "workplan:plan", None, {}),
    ("Work plan timeline", "workplan:timeline", None, {}),
    (
        "Pack, web, standard",
        "meetings:document_web",
        DEMO_NEXT_MEETING,
        {"document": "pack", "variant": "standard"},
    ),
    (
        "Pack, web, easy read",
        "meetings:document_web",
        DEMO_NEXT_MEETING,
        {"document": "pack", "variant": "easy_read"},
    ),
]


def _seconds(started: float) -> str:
    return f"{time.perf_counter() - started:.0f} s"


# ------------------------------------------------------------------------------------------ the demo


def _blank_pdf() -> bytes:
    from io import BytesIO

    import pypdf

    writer, out = pypdf.PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def _complete_demo(partnership, coordinator) -> None:
    """What the demo has none of, so the pages that show one have something to show."""
    upcoming = mm.Meeting.objects.get(partnership=partnership, title=DEMO_NEXT_MEETING)
    last = mm.Meeting.objects.get(partnership=partnership, title=DEMO_LAST_MEETING)
    member = Membership.objects.filter(partnership=partnership, role=Role.MEMBER).first().person
    paper = mm.Paper.objects.create(
        partnership=partnership,
        meeting=upcoming,
        agenda_item=upcoming.agenda_items.exclude(title="Break").first(),
        title="Where our partners hear about jobs",
        created_by=coordinator,
    )
    pdf = _blank_pdf()
    mm.PaperVersion.objects.create(
        partnership=partnership,
        paper=paper,
        file=ContentFile(pdf, name="jobs.pdf"),
        original_name="jobs.pdf",
        content_type="application/pdf",
        size=len(pdf),
        uploaded_by=coordinator,
    )
    mm.VenuePhoto.objects.create(
        partnership=partnership,
        venue=upcoming.venue,
        image=ContentFile(grow._PIXEL, name="door.png"),
        thumbnail=ContentFile(grow._PIXEL, name="door-small.png"),
        alt_text="The front door, with a ramp",
        uploaded_by=coordinator,
    )
    mm.Correction.objects.create(
        partnership=partnership, minutes=last.minutes, text="I said interviews, not meetings.", author=member
    )
    Invitation.objects.create(partnership=partnership, email="newpartner@example.org", invited_by=coordinator)
    Picture.objects.create(
        partnership=partnership,
        name="Our meeting room",
        alt_text="A room with chairs in a circle",
        image=ContentFile(grow._PIXEL, name="room.png"),
    )
    offline = offline_partner_add(
        partnership=partnership,
        added_by=coordinator,
        full_name="Jean Offline",
        channels=[CommunicationPreference.Channel.POST],
    )
    need = AccessNeed(person=offline.person, code="large_print")
    need.mark_recorded(by=coordinator, how=HowTold.PHONE)
    need.save()


def _analyse() -> None:
    """PostgreSQL's statistics brought up to date, as autovacuum would have long since done in production."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _objects(partnership, meeting) -> dict:
    """One real thing of each kind a URL can name (coproduction.pagewalk.OBJECT_FOR_SEGMENT): `meeting` and
    what is in it, and what belongs to the whole partnership."""
    minutes = mm.Minutes.objects.filter(meeting=meeting).first()
    paper = meeting.papers.first()
    venue = meeting.venue or mm.Venue.objects.filter(partnership=partnership).first()
    offline = Membership.objects.current().filter(partnership=partnership, person__offline=True).first()
    return {
        "meeting": meeting,
        "item": meeting.agenda_items.first(),
        "standing_item": mm.StandingItem.objects.filter(partnership=partnership).first(),
        "arrangement": meeting.arrangements.first(),
        "correction": minutes.corrections.first() if minutes else None,
        "partner_view": mm.PartnerView.objects.filter(minutes=minutes).first() if minutes else None,
        "venue": venue,
        "photo": venue.photos.first() if venue else None,
        "paper": paper,
        "version": paper.versions.first() if paper else None,
        "library_paper": mm.Paper.objects.filter(partnership=partnership, meeting=None).first(),
        "decision": mm.Decision.objects.filter(meeting=meeting).first(),
        "action_point": mm.ActionPoint.objects.filter(meeting=meeting).first(),
        "member": offline,
        "access_need": AccessNeed.objects.filter(person=offline.person).first() if offline else None,
        "group": PartnerGroup.objects.filter(partnership=partnership).first(),
        "invitation": Invitation.objects.filter(partnership=partnership).first(),
        "picture": Picture.objects.filter(partnership=partnership).first(),
        "glossary_term": GlossaryTerm.objects.filter(partnership=partnership).first(),
        **_work_plan_objects(partnership),
    }


def _work_plan_objects(partnership) -> dict:
    """The demo's work plan things a URL can name: its agreed outcome, the task taking longer than planned
    (comments, what it needs, what waits for it, an action point), and the rest of what the plan holds."""
    from workplan import models as wm

    outcome = wm.Outcome.objects.filter(partnership=partnership, status="agreed").order_by("pk").first()
    task = (
        wm.Task.objects.filter(partnership=partnership, comments__isnull=False, needs__isnull=False)
        .order_by("pk")
        .first()
    )
    return {
        "outcome": outcome,
        "theme": wm.Theme.objects.filter(outcome=outcome).order_by("position", "pk").first(),
        "task": task,
        "output": wm.Output.objects.filter(partnership=partnership).order_by("pk").first(),
        "activity": wm.Activity.objects.filter(partnership=partnership, kind="networks").first(),
        "ranking": wm.Ranking.objects.filter(partnership=partnership).order_by("pk").first(),
        "move": wm.ProposedMove.objects.filter(partnership=partnership, status="open").first(),
        "plan_version": wm.PlanVersion.objects.filter(partnership=partnership).order_by("number").first(),
    }


# ---------------------------------------------------------------------------- every page, in process


class _Counter:
    """Counts the queries a request makes (connection.execute_wrapper: no SQL kept, so no time added)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _ask(client: Client, url: str) -> tuple[int, int, float, int]:
    """(status, queries, milliseconds, bytes) of one GET, the body read to its end."""
    counter = _Counter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = (time.perf_counter() - started) * 1000
    return response.status_code, counter.count, elapsed, len(body)


def _measure(client: Client, url: str) -> tuple[int, int, float, int]:
    """(status, queries, median milliseconds, bytes) over RUNS runs after a first one that warms up."""
    _ask(client, url)
    runs = [_ask(client, url) for _ in range(RUNS)]
    status, queries, _, size = runs[-1]
    return status, max(run[1] for run in runs), statistics.median(run[2] for run in runs), size


def _short(url: str, slug: str) -> str:
    return re.sub(
        r"^/calendar/[^/]+\.ics$", "/calendar/<token>.ics", url.replace(f"/p/{slug}/", "/p/<slug>/", 1)
    )


def _print_pages(pages, figures: dict, slug: str) -> None:
    """One row a page, with queries, median ms and KB at each size."""
    sizes = [size for size in SIZES if size in figures]
    width = max(len(_short(url, slug)) for _, url in pages) + 1
    head = "".join(f"  {f'{size}×: q':>8} {'ms':>6} {'KB':>6}" for size in sizes)
    print(f"\n{'page':<{width}} {'status':>7}{head}")
    skipped, over, growing, heavier = [], 0, 0, 0
    for name, url in pages:
        rows = [figures[size][url] for size in sizes]
        statuses = sorted({row[0] for row in rows})
        if statuses == [405]:
            skipped.append(name)
            continue
        queries = [row[1] for row in rows]
        over += any(q > BUDGET for q in queries)
        grows = [
            what
            for what, grew in (
                ("queries", len(set(queries)) > 1),
                ("bytes", rows[-1][3] > 1.5 * rows[0][3] + 5 * 1024),
            )
            if grew
        ]
        growing += "queries" in grows
        heavier += "bytes" in grows
        cells = "".join(
            f"  {q:>7}{'*' if q > BUDGET else ' '}{ms:>6.0f} {size / 1024:>6.1f}" for _, q, ms, size in rows
        )
        mark = f"  ← {' and '.join(grows)} grow" if grows else ""
        print(f"{_short(url, slug):<{width}} {'/'.join(map(str, statuses)):>7}{cells}{mark}")
    print(
        f"\n{len(pages) - len(skipped)} pages; * over {BUDGET} queries: {over} pages; queries not the same "
        f"at every size: {growing} pages; over half as many bytes again (and 5 KB) at {sizes[-1]}× as at "
        f"{sizes[0]}×: {heavier} pages.\nLeft out, as they only take POST: {len(skipped)}."
    )


# ------------------------------------------------------------------------------------- under gunicorn


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpu_seconds(pids: list[int]) -> float | None:
    """User and system CPU seconds the processes have used so far (Linux /proc); None if none can be read."""
    ticks = None
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks = (ticks or 0) + int(fields[11]) + int(fields[12])  # utime, stime
    return None if ticks is None else ticks / os.sysconf("SC_CLK_TCK")


def _database_processes() -> list[int]:
    """PostgreSQL's processes serving gunicorn's workers (each keeps its connection), when PostgreSQL runs on
    this machine; none for SQLite, whose work is in the workers' own CPU."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid() ORDER BY pid"
        )
        return [pid for (pid,) in cursor.fetchall()]


def _used(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def _workers(master: int) -> list[int]:
    try:
        return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return [master]


async def _request_once(state: dict, port: int, request: bytes) -> tuple[int, int]:
    """One request on a kept connection or a new one; (status, bytes of body). gunicorn's sync workers
    close the connection after each answer, so in practice each request connects anew."""
    if state.get("writer") is None:
        state["reader"], state["writer"] = await asyncio.open_connection("127.0.0.1", port)
    reader, writer = state["reader"], state["writer"]
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        body = len(await reader.readexactly(int(headers["content-length"])))
    elif headers.get("transfer-encoding") == "chunked":
        body = 0
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            body += len(await reader.readexactly(size + 2)) - 2
            if size == 0:
                break
    else:
        body = len(await reader.read())
        headers["connection"] = "close"
    if headers.get("connection") == "close":
        writer.close()
        state["writer"] = None
    return status, body


async def _hammer(port: int, request: bytes, seconds: float = 0, count: int = 0) -> dict:
    """CONNECTIONS clients asking one page over and over, for `seconds` or `count` requests in all."""
    latencies, statuses, sizes = [], Counter(), []
    deadline = time.perf_counter() + seconds
    remaining = [count]

    async def client():
        state = {}
        try:
            while (time.perf_counter() < deadline) if seconds else (remaining[0] > 0):
                remaining[0] -= 1
                started = time.perf_counter()
                status, size = await _request_once(state, port, request)
                latencies.append(time.perf_counter() - started)
                statuses[status] += 1
                sizes.append(size)
        finally:
            if state.get("writer") is not None:
                state["writer"].close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CONNECTIONS)))
    return {
        "wall": time.perf_counter() - started,
        "latencies": latencies,
        "statuses": statuses,
        "sizes": sizes,
    }


def _load(port: int, master: int, path: str, cookie: str) -> dict:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
        "X-Forwarded-Proto: https\r\nX-Forwarded-For: 192.0.2.10\r\nUser-Agent: coproduction-bench\r\n"
        "Accept: text/html\r\n\r\n"
    ).encode()
    asyncio.run(_hammer(port, request, count=4 * CONNECTIONS))  # each worker has the page's templates
    workers, database = _workers(master), _database_processes()
    server_cpu, database_cpu = _cpu_seconds(workers), _cpu_seconds(database)
    client_cpu = time.process_time()
    result = asyncio.run(_hammer(port, request, seconds=SECONDS))
    result["server_cpu"] = _used(server_cpu, _cpu_seconds(workers)) or 0
    # Unknown if a worker opened a new connection meanwhile (the old one's CPU went with it).
    same = _database_processes() == database
    result["database_cpu"] = _used(database_cpu, _cpu_seconds(database)) if same else None
    result["client_cpu"] = time.process_time() - client_cpu
    return result


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _figures(result: dict) -> dict:
    done = len(result["latencies"])
    return {
        "rate": done / result["wall"],
        "p50": 1000 * _percentile(result["latencies"], 0.5),
        "p95": 1000 * _percentile(result["latencies"], 0.95),
        "cpu": 1000 * result["server_cpu"] / max(done, 1),
        "db": None if result["database_cpu"] is None else 1000 * result["database_cpu"] / max(done, 1),
        "server": 100 * result["server_cpu"] / result["wall"],
        "client": 100 * result["client_cpu"] / result["wall"],
        "client_rate": done / max(result["client_cpu"], 1e-9),
        "kb": (statistics.mean(result["sizes"]) if done else 0) / 1024,
        "others": {status: n for status, n in result["statuses"].items() if status != 200},
    }


def _load_row(what: str, row: dict, bare: dict | None = None) -> None:
    share = f"{100 * row['rate'] / bare['rate']:.0f}%" if bare else ""
    cpu = row["cpu"] + (row["db"] or 0)
    cpu_share = f"{100 * bare['cpu'] / cpu:.0f}%" if bare and cpu else ""
    db = "" if row["db"] is None else f"{row['db']:.1f}"
    print(
        f"{what:<26} {row['rate']:>7.1f} {row['p50']:>7.0f} {row['p95']:>7.0f} {share:>6} {row['cpu']:>7.1f} "
        f"{db:>6} {cpu_share:>6} {row['server']:>7.0f}% {row['client']:>6.0f}% {row['kb']:>6.1f}"
        + (f"  not 200: {row['others']}" if row["others"] else "")
    )


def _serve_and_load(partnership, cookie: str, size: int) -> None:
    port = _free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "coproduction.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    command += GUNICORN
    log = (WORK / "gunicorn.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        _wait_until_served(port, server)
        shown = " ".join(["gunicorn", *command[1:]])
        print(
            f"\nUnder load at {size}×: {shown}\n(DEBUG=false, {DATABASE_SHOWN}, cache and sessions in "
            f"{'Redis' if CACHE_URL else 'each worker’s memory (no Redis at 127.0.0.1:6379)'}, "
            f"connections kept {settings.DATABASES['default']['CONN_MAX_AGE']} s), signed in as the "
            f"coordinator; {CONNECTIONS} connections at once for {SECONDS:g} s a page; "
            f"{os.cpu_count()} CPU cores.\n"
        )
        print(
            f"{'page':<26} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'/bare':>6} {'CPU ms':>7} {'db ms':>6} "
            f"{'/bare':>6} {'gunicorn':>8} {'client':>7} {'KB':>6}"
        )
        bare_url = reverse("bench_bare")
        before = _figures(_load(port, server.pid, bare_url, cookie))
        key = []
        for what, name, title, extra in KEY_PAGES:
            kwargs = {"slug": partnership.slug, **extra}
            if title:
                kwargs["pk"] = mm.Meeting.objects.get(partnership=partnership, title=title).pk
            key.append((what, _figures(_load(port, server.pid, reverse(name, kwargs=kwargs), cookie))))
        after = _figures(_load(port, server.pid, bare_url, cookie))
        bare = {
            "rate": (before["rate"] + after["rate"]) / 2,
            "cpu": sum(row["cpu"] + (row["db"] or 0) for row in (before, after)) / 2,
        }
        _load_row("Bare Django page (before)", before)
        for what, row in key:
            _load_row(what, row, bare)
        _load_row("Bare Django page (after)", after)
        print(
            f"\nreq/s: answers a second; p50, p95: half and 95% of answers came within this many ms.\n"
            f"First /bare: the page's rate as a share of the bare page's (the mean of before and after, "
            f"{bare['rate']:.0f} req/s).\n"
            "CPU ms: gunicorn's CPU per answer; db ms: PostgreSQL's (when it runs on this machine);\n"
            f"  /bare: the bare page's CPU ({bare['cpu']:.1f} ms, both together) as a share of the page's, "
            "the share the rate\n  would come to if CPU were all that counted.\n"
            "gunicorn, client: the CPU the workers and this load generator used, in one core's time. Other "
            "work on\n  the machine lowers the rates; the CPU figures much less."
        )
        capacity = min(before["client_rate"], after["client_rate"])
        if capacity < 2 * max(before["rate"], after["rate"]):
            print(
                f"The load generator can ask only about {capacity:.0f} req/s (its CPU per request): it may "
                "be what limits the bare page's rate, which would make the shares above too high."
            )
        else:
            print(
                f"The load generator could ask about {capacity:.0f} req/s (its CPU per request), over twice "
                "what gunicorn answered for the bare page: the rates are the server's, not the client's."
            )
        _print_first_error(WORK / "gunicorn.log")
    finally:
        _stop(server)
        log.close()


def _print_first_error(log: Path) -> None:
    """gunicorn's first error, if any page failed under load."""
    lines = log.read_text(errors="replace").splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("Internal Server Error")), None)
    if start is not None:
        end = next(
            (n for n in range(start + 1, len(lines)) if not lines[n].startswith((" ", "Traceback"))), start
        )
        shown = lines[start : end + 1]
        print(
            "\ngunicorn's first error:\n"
            + "\n".join(shown[:8] + ["  …"] + shown[-12:] if len(shown) > 20 else shown)
        )


def _wait_until_served(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{(WORK / 'gunicorn.log').read_text()[-3000:]}")
        if _answers("127.0.0.1", port):
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in 60 s:\n{(WORK / 'gunicorn.log').read_text()[-3000:]}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ------------------------------------------------------------------------------------------------ main


def main() -> None:
    started = time.perf_counter()
    print(
        f"Page benchmark: {DATABASE_SHOWN}, cache {'Redis' if CACHE_URL else 'local memory'}, DEBUG off, "
        f"sizes {', '.join(f'{s}×' for s in SIZES)} of the demo; {os.cpu_count()} CPU cores."
    )
    phase = time.perf_counter()
    call_command("migrate", verbosity=0)
    demo.load()
    partnership = Membership.objects.get(person__email="coordinator@example.org").partnership
    coordinator = Membership.objects.filter(partnership=partnership, role=Role.COORDINATOR).first().person
    _complete_demo(partnership, coordinator)
    print(f"Migrated and loaded the demo: {_seconds(phase)}.")
    phase = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: WhiteNoise's manifest
    print(f"Collected the static files: {_seconds(phase)}.")

    client = Client(raise_request_exception=False, HTTP_X_FORWARDED_PROTO="https")
    client.force_login(coordinator)
    meetings = [
        mm.Meeting.objects.get(partnership=partnership, title=t)
        for t in (DEMO_NEXT_MEETING, DEMO_LAST_MEETING)
    ]
    # Each meeting's own things (agenda items, papers, minutes and what is in them) with its own addresses.
    named = {}
    for meeting in meetings:
        for name, url in person_pages(partnership, _objects(partnership, meeting), coordinator):
            named.setdefault(url, name)
    pages = sorted(((name, url) for url, name in named.items()), key=lambda page: page[1])
    print(
        "Meetings in the addresses: "
        + "; ".join(
            f"{m.pk} is “{m.title}” (the demo’s {w})" for m, w in zip(meetings, ("next", "last"), strict=True)
        )
        + "."
    )

    # Every page once, so that no page's figures carry what the process does the first time (imports, the
    # shared templates, printing a document for the first time).
    phase = time.perf_counter()
    for _, url in pages:
        _ask(client, url)
    print(f"Asked every page once to warm up: {_seconds(phase)}.")

    figures, grown, beside = {}, 1, 0
    for size in SIZES:
        phase = time.perf_counter()
        if size > grown:
            grow.grow(size - grown + 1, partnerships=size - beside)
            grown, beside = size, size
        _analyse()
        meetings_now = mm.Meeting.objects.filter(partnership=partnership).count()
        tasks_now = Task.objects.filter(partnership=partnership).count()
        grew = _seconds(phase)
        phase = time.perf_counter()
        figures[size] = {url: _measure(client, url) for _, url in pages}
        print(
            f"{size}×: {meetings_now} meetings and {tasks_now} work plan tasks in the demo partnership, "
            f"{beside} partnerships beside it; "
            f"grown in {grew}, {len(pages)} addresses asked {RUNS + 1} times in {_seconds(phase)}."
        )
    _print_pages(pages, figures, partnership.slug)

    phase = time.perf_counter()
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    _serve_and_load(partnership, cookie, SIZES[-1])
    print(f"\nUnder load: {_seconds(phase)}. The whole benchmark: {_seconds(started)}.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\nStopped; cleaning up.", file=sys.stderr)
        sys.exit(130)
