"""The floors of 六.1 and 三 held exactly, and the months they are counted in."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from service.compliance import rules
from service.compliance.rules import Month, MonthlyCounts, Participation, Ratio, Standing
from service.kernel.errors import InvalidArgument

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_participation_floors_are_decided_in_integers() -> None:
    assert Ratio(16, 20).meets(rules.PARTY_FLOOR)  # exactly 80.0 %
    assert not Ratio(65, 82).meets(rules.PARTY_FLOOR)  # 79.27 %
    assert not Ratio(7999, 10000).meets(rules.PARTY_FLOOR)
    assert Ratio(2, 4).meets(rules.OTHERS_FLOOR)  # exactly 50 %
    assert not Ratio(25, 51).meets(rules.OTHERS_FLOOR)  # 49.02 %
    assert not Ratio(0, 0).meets(rules.OTHERS_FLOOR)


def test_the_percentage_shown_is_cut_never_rounded_up_to_a_floor() -> None:
    assert Ratio(7996, 10000).percent_text() == "79.9%"
    assert Ratio(16, 20).percent_text() == "80.0%"
    assert Ratio(65, 82).percent_text() == "79.2%"
    assert Ratio(1, 3).per_mille() == 333
    assert Ratio(0, 0).percent_text() == "—"


def test_a_unit_without_staff_counts_is_neither_meeting_nor_missing() -> None:
    unknown = Participation.of(party=7, others=15, party_staff=None, other_staff=None)
    assert (unknown.known, unknown.meets) == (False, None)
    # No other staff at all: nothing is owed on that floor.
    none_other = Participation.of(party=8, others=0, party_staff=8, other_staff=0)
    assert none_other.meets is True
    short = Participation.of(party=65, others=12, party_staff=82, other_staff=20)
    assert (short.party_meets, short.others_meet, short.meets) == (False, True, False)
    total = rules.participation_total([unknown, none_other, short])
    assert total.party_members == Ratio(73, 90)
    assert total.others == Ratio(12, 20)


def test_the_monthly_floor_and_excused_months() -> None:
    assert rules.standing(2, excused=False) is Standing.MET
    assert rules.standing(1, excused=False) is Standing.SHORT
    assert rules.standing(0, excused=True) is Standing.EXCUSED
    assert rules.standing(2, excused=False, floor=3) is Standing.SHORT
    counts = MonthlyCounts.of([Standing.MET, Standing.SHORT, Standing.EXCUSED, Standing.MET])
    assert (counts.officers, counts.rate) == (4, Ratio(2, 3))
    assert (counts + counts).met == 4


def test_months_are_the_citys_local_months() -> None:
    # 16:30 UTC on the last day of November is already December in Nanjing.
    assert Month.of(datetime(2026, 11, 30, 16, 30, tzinfo=UTC), SHANGHAI) == Month(2026, 12)
    assert str(Month(2026, 12).next()) == "2027-01"
    assert Month(2026, 12).start(SHANGHAI) == datetime(2026, 11, 30, 16, tzinfo=UTC)
    assert Month(2026, 11).reminder_time(SHANGHAI) == datetime(2026, 11, 20, 1, tzinfo=UTC)
    assert [str(m) for m in rules.months_of_half(2026, 2)][::5] == ["2026-07", "2026-12"]
    for bad in ("2026-13", "2026-1", "26-01", "2026-00", ""):
        with pytest.raises(InvalidArgument):
            Month.parse(bad, "month")


def test_an_excuse_says_why() -> None:
    assert rules.check_reason("  病假  ", "reason") == "病假"
    for bad in ("", "   ", "x" * 501):
        with pytest.raises(InvalidArgument):
            rules.check_reason(bad, "reason")
