"""The proposal engine (五.2) on small hand-built cities whose optimum is known."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from service.proposals.rules import Grid, Officer, Reason, ShortfallKind, Weights
from service.proposals.solver import Outcome, solve

STREET = "320102001"
OTHER_STREET = "320102002"
A, B, C = f"{STREET}001", f"{STREET}002", f"{STREET}003"
FAR = f"{OTHER_STREET}001"


def grids(*codes: str, exclusive: tuple[str, ...] = (), rural: bool = False) -> list[Grid]:
    return [Grid(code, exclusive=code in exclusive, rural=rural) for code in codes]


def run(officers: list[Officer], grid_list: list[Grid], weights: Weights | None = None) -> Outcome:
    return solve(officers, grid_list, weights or Weights(), area=STREET)


def placed(outcome: Outcome) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for line in outcome.lines:
        result.setdefault(line.officer_id, set()).add(line.grid)
    return result


def reasons(outcome: Outcome, officer_id: str) -> set[Reason]:
    return {
        reason for line in outcome.lines if line.officer_id == officer_id for reason in line.reasons
    }


def test_residence_comes_first_and_workplace_second() -> None:
    city = grids(f"{A}001", f"{B}001")
    officers = [
        Officer("lives-a-works-b", "police", residence=A, workplace=B),
        Officer("works-b", "police", residence=FAR, workplace=f"{B}001"),
    ]
    outcome = run(officers, city)
    assert placed(outcome) == {"lives-a-works-b": {f"{A}001"}, "works-b": {f"{B}001"}}
    assert Reason.RESIDENCE_COMMUNITY in reasons(outcome, "lives-a-works-b")
    assert {Reason.WORKPLACE_COMMUNITY, Reason.WORKPLACE_GRID} <= reasons(outcome, "works-b")


def test_alone_an_officer_goes_home_and_the_other_grid_is_reported() -> None:
    outcome = run([Officer("o", "police", residence=A, workplace=B)], grids(f"{A}001", f"{B}001"))
    assert placed(outcome) == {"o": {f"{A}001"}}
    [uncovered] = [s for s in outcome.shortfalls if s.kind is ShortfallKind.GRID_UNCOVERED]
    assert uncovered.subject == f"{B}001"
    assert "1 candidate(s), each needed more where they are placed" in uncovered.explanation


def test_every_grid_covered_outranks_living_there() -> None:
    city = grids(f"{A}001", f"{A}002", f"{B}001")
    officers = [Officer(f"a{n}", "police", residence=A) for n in range(3)]
    outcome = run(officers, city)
    assert outcome.terms["grids_covered"] == 3
    [sent] = [o for o, codes in placed(outcome).items() if codes == {f"{B}001"}]
    assert {Reason.RESIDENCE_STREET, Reason.COVERS_GRID} <= reasons(outcome, sent)


def test_every_community_gets_each_field_and_a_second_prosecutor_moves() -> None:
    city = grids(f"{A}001", f"{A}002", f"{B}001", f"{B}002")
    officers = [
        Officer("pros-1", "prosecutor", residence=A),
        Officer("pros-2", "prosecutor", residence=A),
        Officer("police-a", "police", residence=A),
        Officer("police-b", "police", residence=B),
    ]
    outcome = run(officers, city)
    communities = {o: {code[:12] for code in codes} for o, codes in placed(outcome).items()}
    assert {communities["pros-1"].pop(), communities["pros-2"].pop()} == {A, B}
    assert Reason.COVERS_FIELD in reasons(outcome, "pros-1")
    assert Reason.COVERS_FIELD in reasons(outcome, "pros-2")


def test_a_community_without_a_field_in_reach_is_reported_exactly() -> None:
    city = grids(f"{A}001", f"{B}001")
    officers = [
        Officer("police-a", "police", residence=A),
        Officer("judge-b", "judge", residence=B),
        Officer("far-prosecutor", "prosecutor", residence=FAR),
    ]
    outcome = run(officers, city)
    missing = {(s.subject, s.field): s.explanation for s in outcome.shortfalls if s.field}
    assert missing[(A, "prosecutor")] == (
        f"community {A} has no prosecutor living or working in its street"
    )
    assert (A, "police") not in missing
    assert (B, "judge") not in missing
    assert (A, "judge") in missing
    assert (B, "police") in missing
    assert outcome.terms["fields_covered"] == 2
    assert outcome.terms["fields"] == 10
    [unplaced] = [s for s in outcome.shortfalls if s.kind is ShortfallKind.OFFICER_UNPLACED]
    assert unplaced.subject == "far-prosecutor"


def test_a_grid_nobody_can_reach_says_so() -> None:
    outcome = run([Officer("o", "police", residence=A)], grids(f"{A}001", f"{FAR}001"))
    [uncovered] = [s for s in outcome.shortfalls if s.kind is ShortfallKind.GRID_UNCOVERED]
    assert uncovered.explanation == (
        f"grid {FAR}001 has no candidate: no officer lives or works in its street"
    )


def test_exclusive_grids_favour_the_four_professions() -> None:
    city = grids(f"{A}001", f"{A}002", exclusive=(f"{A}002",))
    officers = [
        Officer("staff", "other_staff", residence=f"{A}002"),
        Officer("lawyer", "lawyer", residence=f"{A}001"),
    ]
    outcome = run(officers, city)
    assert placed(outcome) == {"lawyer": {f"{A}002"}, "staff": {f"{A}001"}}
    assert Reason.PROFESSION_FIT in reasons(outcome, "lawyer")


def test_rural_officers_cover_several_grids_up_to_capacity_urban_ones_one() -> None:
    village = grids(f"{A}001", f"{A}002", f"{A}003", rural=True)
    outcome = run([Officer("rural", "police", residence=A, capacity=2)], village)
    assert len(placed(outcome)["rural"]) == 2
    assert Reason.RURAL_EXTRA in reasons(outcome, "rural")
    assert outcome.terms["grids_covered"] == 2

    urban = grids(f"{A}001", f"{A}002", f"{A}003")
    outcome = run([Officer("urban", "police", residence=A, capacity=3)], urban)
    assert len(placed(outcome)["urban"]) == 1


def test_a_rural_officer_takes_no_second_grid_that_is_covered_already() -> None:
    village = grids(f"{A}001", f"{A}002", rural=True)
    officers = [
        Officer("one", "police", residence=A, capacity=2),
        Officer("two", "police", residence=A, capacity=2),
    ]
    assert {len(codes) for codes in placed(run(officers, village)).values()} == {1}


def test_a_preference_decides_between_equal_grids() -> None:
    city = grids(f"{A}001", f"{A}002")
    officers = [
        Officer("wants-2", "police", residence=A, preferred=frozenset({f"{A}002"})),
        Officer("other", "police", residence=A),
    ]
    outcome = run(officers, city)
    assert placed(outcome)["wants-2"] == {f"{A}002"}
    assert Reason.PREFERENCE in reasons(outcome, "wants-2")


def test_an_officer_keeps_their_grid_unless_a_rule_needs_the_move() -> None:
    city = grids(f"{A}001", f"{A}002", f"{B}001")
    serving = Officer("serving", "police", residence=f"{A}001", current=frozenset({f"{A}002"}))
    outcome = run([serving, Officer("b", "police", residence=B)], city)
    assert placed(outcome)["serving"] == {f"{A}002"}
    assert Reason.KEPT in reasons(outcome, "serving")
    assert outcome.moved == ("b",)

    # The grid rule needs them elsewhere: only they can reach the far grid.
    commuter = Officer(
        "commuter", "police", residence=A, workplace=FAR, current=frozenset({f"{A}001"})
    )
    outcome = solve(
        [commuter, Officer("new", "police", residence=A)],
        grids(f"{A}001", f"{FAR}001"),
        Weights(),
        area="320102",
    )
    assert placed(outcome) == {"commuter": {f"{FAR}001"}, "new": {f"{A}001"}}
    assert set(outcome.moved) == {"commuter", "new"}


def test_an_officer_who_moved_away_leaves_the_old_grid() -> None:
    city = grids(f"{A}001", f"{FAR}001")
    moved = Officer("moved", "police", residence=f"{FAR}001", current=frozenset({f"{A}001"}))
    stays = Officer("stays", "police", residence=A)
    outcome = solve([moved, stays], city, Weights(), area="320102")
    assert placed(outcome) == {"moved": {f"{FAR}001"}, "stays": {f"{A}001"}}


def _random_city(seed: int, streets: int = 3) -> tuple[list[Officer], list[Grid]]:
    rng = random.Random(seed)
    grid_list: list[Grid] = []
    communities = []
    for street in range(1, streets + 1):
        for community in range(1, 5):
            code = f"320102{street:03d}{community:03d}"
            communities.append(code)
            rural = street == streets
            for number in range(1, rng.randint(2, 6)):
                exclusive = not rural and rng.random() < 0.25
                grid_list.append(Grid(f"{code}{number:03d}", exclusive=exclusive, rural=rural))
    categories = ["police", "police", "lawyer", "judge", "prosecutor", "law_society", "other_staff"]
    officers = [
        Officer(
            f"o{n:03d}",
            rng.choice(categories),
            residence=rng.choice(grid_list).code,
            workplace=rng.choice(communities),
            capacity=2 if rng.random() < 0.3 else 1,
        )
        for n in range(len(grid_list) * 5 // 4)
    ]
    return officers, grid_list


def _with_current(officers: list[Officer], outcome: Outcome) -> list[Officer]:
    now = placed(outcome)
    return [
        Officer(
            o.id,
            o.category,
            o.residence,
            o.workplace,
            o.capacity,
            o.preferred,
            frozenset(now.get(o.id, ())),
        )
        for o in officers
    ]


def test_a_rerun_with_nothing_changed_moves_nobody() -> None:
    for seed in range(5):
        officers, city = _random_city(seed)
        first = solve(officers, city, Weights(), area="320102")
        assert first.terms["grids_covered"] == len(city)
        second = solve(_with_current(officers, first), city, Weights(), area="320102")
        assert second.moved == ()
        assert placed(second) == placed(first)


def test_objective_terms_count_what_the_lines_say() -> None:
    officers, city = _random_city(7)
    outcome = solve(officers, city, Weights(), area="320102")
    lines_by_reason: dict[str, int] = {}
    for line in outcome.lines:
        for reason in line.reasons:
            lines_by_reason[reason.value] = lines_by_reason.get(reason.value, 0) + 1
    for name, count in lines_by_reason.items():
        assert outcome.terms[name] == count
    assert outcome.terms["officers_placed"] == len(placed(outcome))
    covered = {line.grid for line in outcome.lines}
    assert outcome.terms["grids_covered"] == len(covered)


def test_the_solver_loads_no_protobuf() -> None:
    # OR-Tools is installed without its protobuf pin (solver-requirements.txt):
    # its min-cost flow must stay free of protobuf for that to be safe.
    code = "import sys, service.proposals.solver; print('google.protobuf' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_rural_officers_serving_two_villages_each_keep_both() -> None:
    # Each lives in one village and serves a grid of each: swapping to serve
    # their home village alone would be nearer, but nothing needs the move.
    city = grids(f"{A}001", f"{A}002", f"{B}001", f"{B}002", rural=True)
    officers = [
        Officer("r", "police", residence=A, capacity=2, current=frozenset({f"{A}001", f"{B}001"})),
        Officer("q", "police", residence=B, capacity=2, current=frozenset({f"{A}002", f"{B}002"})),
    ]
    outcome = run(officers, city)
    assert outcome.moved == ()
    assert placed(outcome) == {"r": {f"{A}001", f"{B}001"}, "q": {f"{A}002", f"{B}002"}}


def test_grids_beyond_reach_share_the_one_grid_of_an_officer_even_among_villages() -> None:
    far_a, far_b = "320116100201", "320116101201"  # villages of two other towns
    city = [
        *grids(f"{A}001", f"{A}002", rural=True),
        *grids(f"{far_a}001", f"{far_b}001", rural=True),
    ]
    serving = frozenset({f"{far_a}001", f"{far_b}001"})
    officer = Officer("o", "police", residence=A, capacity=3, current=serving)
    outcome = solve([officer], city, Weights(), area="320116")
    got = placed(outcome)["o"]
    assert len(got & serving) <= 1
    assert {f"{A}001", f"{A}002"} <= got


def test_an_assignment_to_a_deleted_grid_keeps_nothing() -> None:
    village = grids(f"{A}001", f"{A}003", rural=True)  # 002 was deleted by the host
    officers = [
        Officer("r", "police", residence=A, capacity=2, current=frozenset({f"{A}001", f"{A}002"})),
        Officer("q", "police", residence=A, current=frozenset({f"{A}003"})),
    ]
    outcome = run(officers, village)
    assert placed(outcome) == {"r": {f"{A}001"}, "q": {f"{A}003"}}
    assert outcome.moved == ()


def test_a_capacity_below_one_is_taken_as_one() -> None:
    outcome = run([Officer("o", "police", residence=A, capacity=0)], grids(f"{A}001"))
    assert placed(outcome) == {"o": {f"{A}001"}}


def test_a_city_tunes_what_is_preferred_and_only_below_keeping_an_assignment() -> None:
    city = grids(f"{A}001", f"{B}001")
    officer = [Officer("o", "police", residence=A, workplace=B)]
    assert placed(run(officer, city)) == {"o": {f"{A}001"}}
    # A city that puts the workplace first: the same officer goes to work.
    tuned = Weights().tuned({"residence": 0, "workplace": 200})
    assert placed(run(officer, city, tuned)) == {"o": {f"{B}001"}}
    assert tuned.kept == Weights().kept
    for bad in ({"residence": 201}, {"kept": 5}, {"preference": -1}):
        with pytest.raises(ValueError, match="proposal weight"):
            Weights().tuned(bad)


def test_the_settings_carry_the_tuned_weights_to_the_engine() -> None:
    from service.platform.scheduling import proposal_settings
    from service.platform.settings import Settings

    chosen = proposal_settings(Settings(proposal_weights={"preference": 40}))
    assert (chosen.weights.preference, chosen.weights.residence_grid) == (40, 5)
    with pytest.raises(ValueError, match="residence"):
        proposal_settings(Settings(proposal_weights={"residence": 999}))
