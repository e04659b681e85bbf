"""Half-year reports (六.4) on SQLite and PostgreSQL: the report's figures equal
the statistics RPCs' for the same period (one computation); each reader gets
only their reach; and the files, looked at as a person would — the PDF
rendered to PNG with pdftoppm and the HTML in headless Chromium — carry
non-blank charts and Chinese text in an embedded CJK font."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from officer.v1 import (
    compliance_service_pb2,
    compliance_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
    task_service_pb2,
    task_service_pb2_grpc,
)
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy.engine import Engine

from service.compliance.figures import Parent, Settings
from service.kernel.errors import InvalidArgument, PermissionDenied
from service.platform.transactions import SqlTransactions
from service.reports import render, use_cases
from service.reports.figures import HalfYearFigures
from service.reports.ports import FileFormat
from service.reports.rules import HalfYear
from tests.activity_load import SHANGHAI, load_reports
from tests.integration.activity_city import City, OpenAs, small_city
from tests.registry_events import apply_directly, unit_admin

pb = compliance_service_pb2
HALF = HalfYear(2026, 2)
SETTINGS = Settings(zone=SHANGHAI)
CJK_FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    found = small_city(small_city_engine)
    load_reports(
        small_city_engine, 3000, end=datetime(2026, 12, 31, 15, tzinfo=UTC), days=183, uneven=True
    )
    return found


def _figures(engine: Engine, user: str, parent: Parent) -> HalfYearFigures:
    return SqlTransactions(engine).run_now(
        lambda uow: use_cases.half_year(
            uow,
            caller=uow.callers.load(user),
            parent=parent,
            half=HALF,
            settings=SETTINGS,
            now=datetime.now(UTC),
        ),
        read_only=True,
    )


def _stamp(moment: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment)
    return stamp


async def test_the_reports_figures_equal_the_statistics_rpcs(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    district = city.community[:6]
    admin = city.district_admin
    figures = _figures(migrated_engine, admin, Parent(node=district))
    stub: Any = compliance_service_pb2_grpc.ComplianceServiceStub(channel_as(admin))  # type: ignore[no-untyped-call]
    parent = f"scopeNodes/{district}"
    assert sum(figures.activities_by_month().values()) > 0
    for month, counts in figures.month_counts():
        answered = await stub.GetActivityCompliance(
            pb.GetActivityComplianceRequest(parent=parent, month=month)
        )
        assert (answered.met_count, answered.short_count, answered.excused_count) == (
            counts.met,
            counts.short,
            counts.excused,
        )
        assert answered.activity_count == figures.activities_by_month()[month]
    participation = await stub.GetParticipation(pb.GetParticipationRequest(parent=parent))
    assert [u.name for u in participation.units] == [
        f"units/{u.unit.unit_id}" for u in figures.participation
    ]
    total = figures.participation_total
    assert participation.total.party_members.part == total.party_members.part  # type: ignore[union-attr]
    assert participation.total.others.whole == total.others.whole  # type: ignore[union-attr]
    coverage = await stub.GetCoverage(pb.GetCoverageRequest(parent=parent))
    assert figures.coverage is not None
    assert coverage.total.grid_count == sum(c.grids for c in figures.coverage)
    assert coverage.total.uncovered_grid_count == sum(
        len(c.uncovered_grids) for c in figures.coverage
    )
    start, end = HALF.months[0].start(SHANGHAI), HALF.months[-1].end(SHANGHAI)
    tasks: Any = task_service_pb2_grpc.TaskServiceStub(channel_as(admin))  # type: ignore[no-untyped-call]
    task_stats = await tasks.GetTaskStats(
        task_service_pb2.GetTaskStatsRequest(
            parent=parent, due_after=_stamp(start), due_before=_stamp(end)
        )
    )
    assert figures.tasks is not None
    assert (task_stats.total.task_count, task_stats.total.on_time_count) == (
        figures.tasks.tasks,
        figures.tasks.on_time,
    )
    suggestions: Any = suggestion_service_pb2_grpc.SuggestionServiceStub(channel_as(admin))  # type: ignore[no-untyped-call]
    suggestion_stats = await suggestions.GetSuggestionStats(
        suggestion_service_pb2.GetSuggestionStatsRequest(
            parent=parent, start_time=_stamp(start), end_time=_stamp(end)
        )
    )
    assert figures.suggestions is not None
    assert suggestion_stats.total.received == figures.suggestions.received
    # Commended and urged follow their rules, and every officer is counted once.
    assert len({o.officer_id for o in figures.officers}) == len(figures.officers)
    assert all(o.short == 0 and o.activities >= 2 * 2 * o.met for o in figures.commend)
    assert all(o.short >= 3 for o in figures.urge)
    assert figures.urge
    assert figures.commend


def test_a_report_holds_only_the_readers_reach(city: City, migrated_engine: Engine) -> None:
    apply_directly(migrated_engine, [unit_admin("unit-admin-report", "320102-judge")], batch_size=1)
    mine = _figures(migrated_engine, "unit-admin-report", Parent(unit="320102-judge"))
    assert [u.unit.unit_id for u in mine.participation] == ["320102-judge"]
    assert {o.unit for o in mine.officers} == {"320102-judge"}
    assert (mine.coverage, mine.tasks, mine.suggestions) == (None, None, None)
    # The unit supervises its officers' check-ins (五.3), wherever they serve.
    with migrated_engine.connect() as connection:
        owed = connection.execute(
            sa.text(
                "SELECT count(*) FROM grid_assignment a JOIN host_user u "
                "ON u.user_id = a.officer_id WHERE u.unit = '320102-judge'"
            )
        ).scalar_one()
    assert mine.check_ins is not None
    assert mine.check_ins.owed == owed > 0
    assert "报到（本单位网格员）" in render.html(mine, SHANGHAI)
    for user, parent in (
        ("unit-admin-report", Parent(unit="320102-police")),
        ("unit-admin-report", Parent(node="320102")),
        (city.district_admin, Parent(node="320100")),
        (city.head, Parent(node=city.community[:6])),
    ):
        with pytest.raises(PermissionDenied):
            _figures(migrated_engine, user, parent)
    with pytest.raises(InvalidArgument):
        _figures(migrated_engine, "admin-city", Parent(node=city.community))


def _colourful_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels: list[tuple[int, int, int]] = list(image.get_flattened_data())  # type: ignore[arg-type]
    return sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 60)


def _tool(name: str) -> str:
    found = shutil.which(name)
    # Installed by .ci/run and the README's set-up: missing is a failure, not a skip.
    assert found, f"{name} is not installed (see the README's set-up)"
    return found


def test_the_files_are_legible_with_charts_and_chinese_in_an_embedded_cjk_font(
    city: City, migrated_engine: Engine, tmp_path: Path
) -> None:
    figures = _figures(migrated_engine, "admin-city", Parent(node="320100"))
    files = render.files(figures, SHANGHAI)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(files[FileFormat.PDF])

    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    )
    listed = fonts.stdout.splitlines()[2:]
    assert listed, fonts.stdout
    assert all("CJK" in line for line in listed), fonts.stdout
    assert all(line.split()[-5] == "yes" for line in listed), "every font embedded"
    text = subprocess.run(
        [_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert figures.title.split()[-1] in text.replace("\n", "")
    assert "建议督促" in text
    assert "仅作建议" in text

    # Every character the report prints has a glyph in the CJK font: no boxes.
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]

    covered = set(TTCollection(str(CJK_FONT_FILE)).fonts[0].getBestCmap())
    assert {ch for ch in text if not ch.isspace()} - {chr(c) for c in covered} == set()

    subprocess.run(
        [
            _tool("pdftoppm"),
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "3",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    # The charts are on the first pages: coloured bars, not a blank box.
    assert sum(_colourful_pixels(page.read_bytes()) for page in pages) > 5000

    html = tmp_path / "report.html"
    html.write_bytes(files[FileFormat.HTML])
    shot = tmp_path / "html.png"
    subprocess.run(
        [
            _tool("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=1000,2400",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _colourful_pixels(shot.read_bytes()) > 20000

    book = load_workbook(io.BytesIO(files[FileFormat.XLSX]))
    assert book.sheetnames[:3] == ["概览", "参与情况", "月度达标"]
    assert book["网格员"].max_row == len(figures.officers) + 1
    assert book["建议督促"].max_row == len(figures.urge) + 1
    assert [row[0].value for row in book["月度达标"].iter_rows(min_row=2)] == [
        str(m) for m in HALF.months
    ]
