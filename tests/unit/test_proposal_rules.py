"""The proposal's rules beside the solver: who is in a run, when it expires,
what an acceptance decides."""

from __future__ import annotations

import pytest

from service.kernel.errors import FailedPrecondition, InvalidArgument
from service.proposals import rules
from service.proposals.rules import Decision, Grid, Officer, ProposalState

STREET = "320102001"
VILLAGE = "320116100201"


def test_an_officer_serving_outside_the_area_is_not_the_areas_to_move() -> None:
    home = Officer("o", "police", residence=f"{STREET}001001")
    assert rules.in_pool(home, STREET)
    assert rules.in_pool(home, "320102")
    assert not rules.in_pool(home, "320102002")
    elsewhere = Officer(
        "e", "police", residence=f"{STREET}001001", current=frozenset({"320102002001001"})
    )
    assert not rules.in_pool(elsewhere, STREET)
    assert rules.in_pool(elsewhere, "320102")
    nowhere = Officer("n", "police")
    assert not rules.in_pool(nowhere, STREET)


def test_village_officers_may_cover_several_grids_until_enrollment_says() -> None:
    villager = Officer("v", "police", workplace=VILLAGE)
    assert rules.with_capacity(villager, {VILLAGE}, 3).capacity == 3
    assert (
        rules.with_capacity(Officer("u", "police", residence=f"{STREET}001"), {VILLAGE}, 3).capacity
        == 1
    )


def test_the_fingerprint_moves_with_any_input_and_not_with_order() -> None:
    officers = [Officer("a", "police", residence=f"{STREET}001"), Officer("b", "judge")]
    grids = [Grid(f"{STREET}001001"), Grid(f"{STREET}001002", exclusive=True)]
    base = rules.fingerprint(officers, grids)
    assert rules.fingerprint(list(reversed(officers)), list(reversed(grids))) == base
    moved = [Officer("a", "police", residence=f"{STREET}002"), officers[1]]
    assert rules.fingerprint(moved, grids) != base
    serving = [officers[0], Officer("b", "judge", current=frozenset({f"{STREET}001001"}))]
    assert rules.fingerprint(serving, grids) != base
    assert rules.fingerprint(officers, grids[:1]) != base


@pytest.mark.parametrize(
    ("request_", "fields"),
    [
        ({}, ["all_lines"]),
        ({"all_lines": True, "lines": [1]}, ["lines"]),
        ({"lines": [1, 1]}, ["lines"]),
        ({"lines": [1], "overrides": {1: "g"}}, ["overrides"]),
        ({"all_lines": True, "note": "长" * 301}, ["note"]),
    ],
)
def test_an_acceptance_that_says_nothing_or_too_much_is_refused(
    request_: dict[str, object], fields: list[str]
) -> None:
    given = {"all_lines": False, "lines": [], "overrides": {}, "note": ""} | request_
    with pytest.raises(InvalidArgument) as refused:
        rules.check_acceptance(**given)  # type: ignore[arg-type]
    assert [v.field for v in refused.value.violations] == fields


def test_accepting_decides_every_line_and_overrides_win() -> None:
    decided = rules.decide([1, 2, 3], all_lines=False, lines=[1], overrides={3: "g"})
    assert decided == {
        1: (Decision.ACCEPTED, None),
        2: (Decision.DECLINED, None),
        3: (Decision.OVERRIDDEN, "g"),
    }
    everything = rules.decide([1, 2], all_lines=True, lines=[], overrides={2: "g"})
    assert everything == {1: (Decision.ACCEPTED, None), 2: (Decision.OVERRIDDEN, "g")}


def test_accepting_a_move_leaves_the_dropped_grids_and_keeps_the_rest() -> None:
    here, there, elsewhere = f"{STREET}001001", f"{STREET}002001", "320102002001001"
    move = rules.officer_move([here, elsewhere], [there], [there], STREET)
    assert move is not None
    # Outside the area nothing changes; inside, the proposal's grid replaces theirs.
    assert rules.grids_after([here, elsewhere], move) == (there, elsewhere)


def test_keeping_or_declining_changes_nothing() -> None:
    a1, a2, b1 = f"{STREET}001001", f"{STREET}001002", f"{STREET}002001"
    # A village officer kept in both grids, one line accepted, the other declined.
    assert rules.officer_move([a1, a2], [a1, a2], [a1], STREET) is None
    # The move to b1 declined, the kept line accepted: they keep both their grids.
    assert rules.officer_move([a1, a2], [a1, b1], [a1], STREET) is None
    # The move accepted: a2, which the proposal no longer gives them, goes.
    move = rules.officer_move([a1, a2], [a1, b1], [b1], STREET)
    assert move is not None
    assert rules.grids_after([a1, a2], move) == (a1, b1)
    # A host-bound officer has no module assignment: only the new grid is added.
    assert rules.grids_after([], move) == (b1,)


def test_only_an_open_fresh_proposal_is_accepted_and_the_refusal_names_the_state() -> None:
    rules.check_open(ProposalState.OPEN, True)
    for state, fresh, shown in [
        (ProposalState.OPEN, False, "expired"),
        (ProposalState.ACCEPTED, False, "accepted"),
        (ProposalState.ACCEPTED, True, "accepted"),
    ]:
        with pytest.raises(FailedPrecondition) as refused:
            rules.check_open(state, fresh)
        assert refused.value.metadata == {"state": shown}


def test_a_stated_capacity_stands_and_only_the_unstated_get_the_village_default() -> None:
    stated = Officer("s", "police", workplace=VILLAGE, capacity=1, stated=True)
    assert rules.with_capacity(stated, {VILLAGE}, 3).capacity == 1
    assert (
        rules.with_capacity(Officer("u", "police", workplace=VILLAGE), {VILLAGE}, 3).capacity == 3
    )
