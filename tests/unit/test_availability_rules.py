"""An officer's own hours after an update: the mask, which must be given,
decides what changes, a bad value or path is named, and city_default drops
them."""

from __future__ import annotations

import pytest

from service.kernel.errors import InvalidArgument
from service.kernel.working_time import OwnHours, QuietHours
from service.registry.rules import updated_hours

CITY = OwnHours(QuietHours.parse("22:00-07:00"), True)


def _update(mask: list[str], **values: object) -> OwnHours | None:
    fields = {"quiet_hours": "", "working_days_only": False, "city_default": False, **values}
    return updated_hours(CITY, mask, **fields)  # type: ignore[arg-type]


def test_a_path_sets_only_its_field() -> None:
    both = ["quiet_hours", "working_days_only"]
    sleeper = OwnHours(QuietHours.parse("08:00-15:30"), False)
    assert _update(both, quiet_hours="08:00-15:30") == sleeper
    assert _update(["working_days_only"], quiet_hours="08:00-15:30") == OwnHours(CITY.quiet, False)
    assert _update(["quiet_hours"], working_days_only=False) == OwnHours(None, True)


def test_city_default_drops_the_officers_hours_and_false_keeps_those_in_force() -> None:
    assert _update(["city_default"], city_default=True) is None
    assert _update(["city_default"], city_default=False) == CITY


@pytest.mark.parametrize(
    ("mask", "values", "field"),
    [
        (["quiet_hours"], {"quiet_hours": "24:00-07:00"}, "availability.quiet_hours"),
        (["quiet_hours"], {"quiet_hours": "7:00-8:00"}, "availability.quiet_hours"),
        (["quiet_hours"], {"quiet_hours": "09:00-09:00"}, "availability.quiet_hours"),
        (["time_zone"], {}, "update_mask"),
        # A false or empty value cannot be told from one not sent: say which.
        ([], {"quiet_hours": "08:00-15:30"}, "update_mask"),
        (["city_default", "working_days_only"], {"city_default": True}, "update_mask"),
    ],
)
def test_a_bad_value_or_path_names_its_field(
    mask: list[str], values: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidArgument) as raised:
        _update(mask, **values)
    assert [violation.field for violation in raised.value.violations] == [field]
