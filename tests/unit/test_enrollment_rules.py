"""Enrollment (报名, 三 and 五.1): what an enrollment may say, and the unit's decisions."""

from __future__ import annotations

import pytest

from service.enrollment import rules
from service.enrollment.rules import Action, Details, EnrollmentState
from service.kernel.errors import FailedPrecondition, InvalidArgument
from service.kernel.roles import OfficerCategory


def _details(**fields: object) -> Details:
    given: dict[str, object] = {
        "category": OfficerCategory.LAWYER,
        "unit": "320102-lawyer",
        "party_member": False,
        "residence": "320102001001001",
        "workplace": None,
        **fields,
    }
    return Details(**given)  # type: ignore[arg-type]


def test_each_decision_leads_where_it_should_or_names_the_state() -> None:
    submitted = EnrollmentState.SUBMITTED
    assert rules.next_state(submitted, Action.ACCEPT) is EnrollmentState.ACCEPTED
    assert rules.next_state(submitted, Action.REJECT) is EnrollmentState.REJECTED
    assert rules.next_state(EnrollmentState.ACCEPTED, Action.WITHDRAW) is EnrollmentState.WITHDRAWN
    for state, action in [
        (EnrollmentState.ACCEPTED, Action.ACCEPT),
        (EnrollmentState.REJECTED, Action.WITHDRAW),
        (EnrollmentState.WITHDRAWN, Action.REJECT),
    ]:
        with pytest.raises(FailedPrecondition) as refused:
            rules.next_state(state, action)
        assert refused.value.metadata == {"state": state.value}


def test_bad_fields_are_named_together() -> None:
    assert rules.violations(_details()) == []
    bad = _details(preferred_grids=("g",) * 6, grid_capacity=0, availability_note="长" * 501)
    assert [v.field for v in rules.violations(bad)] == [
        "enrollment.preferred_grids",
        "enrollment.grid_capacity",
        "enrollment.availability_note",
    ]


def test_a_rejection_or_withdrawal_says_why() -> None:
    rules.check_reason("名额已满")
    for reason in ("", "  ", "长" * 501):
        with pytest.raises(InvalidArgument):
            rules.check_reason(reason)
