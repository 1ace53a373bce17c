"""Invariants of working-day arithmetic, checked over the whole covered range (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zhengwu.calendar import CalendarError, calendar_from

CAL = calendar_from({})
FIRST, LAST = CAL.covered_range()
# Two years of margin on each side keep ±300 working days inside the range.
days = st.dates(min_value=FIRST + timedelta(days=731), max_value=LAST - timedelta(days=731))
counts = st.integers(min_value=-300, max_value=300)
positive = st.integers(min_value=1, max_value=300)
negative = st.integers(min_value=-300, max_value=-1)


def count_by_hand(a: date, b: date) -> int:
    """The definition, day by day: a not counted, b counted, signed by direction."""
    if a <= b:
        return sum(CAL.is_workday(a + timedelta(days=k)) for k in range(1, (b - a).days + 1))
    return -sum(CAL.is_workday(b + timedelta(days=k)) for k in range((a - b).days))


@given(days, counts)
def test_between_undoes_add(d, n):
    assert CAL.workdays_between(d, CAL.add_workdays(d, n)) == n


@given(days, st.integers(min_value=-60, max_value=60))
def test_between_matches_its_definition(a, offset):
    b = a + timedelta(days=offset)
    assert CAL.workdays_between(a, b) == count_by_hand(a, b)


@given(days)
def test_between_a_day_and_itself_is_zero(d):
    assert CAL.workdays_between(d, d) == 0
    assert CAL.add_workdays(d, 0) == d


@given(days, counts)
def test_a_nonzero_step_lands_on_a_workday_on_the_right_side(d, n):
    assume(n != 0)
    result = CAL.add_workdays(d, n)
    assert CAL.is_workday(result)
    assert (result > d) if n > 0 else (result < d)


@given(days, positive)
def test_add_skips_no_workday(d, n):
    """Between d and its n-th workday there are exactly n - 1 workdays."""
    result = CAL.add_workdays(d, n)
    inside = [d + timedelta(days=k) for k in range(1, (result - d).days)]
    assert sum(map(CAL.is_workday, inside)) == n - 1


@given(days, counts, counts)
def test_add_is_strictly_increasing_in_n(d, m, n):
    assume(m < n)
    assert CAL.add_workdays(d, m) < CAL.add_workdays(d, n)


@given(days, days, counts)
def test_add_is_monotone_in_the_start_day(d1, d2, n):
    d1, d2 = min(d1, d2), max(d1, d2)
    assert CAL.add_workdays(d1, n) <= CAL.add_workdays(d2, n)


@given(days, days, days)
def test_between_is_monotone_in_the_end_day(a, b1, b2):
    b1, b2 = min(b1, b2), max(b1, b2)
    assert CAL.workdays_between(a, b1) <= CAL.workdays_between(a, b2)


@given(days, days, days)
def test_between_adds_up_over_an_intermediate_workday(a, w, b):
    """Splitting (a, b] at a later workday w: (a, w] + (w, b] when a < w < b."""
    a, w, b = sorted((a, w, b))
    assume(a < w < b)
    assert CAL.workdays_between(a, b) == CAL.workdays_between(a, w) + CAL.workdays_between(w, b)


@given(days, st.integers(min_value=0, max_value=150), st.integers(min_value=0, max_value=150))
def test_add_is_additive_forward(d, m, n):
    assert CAL.add_workdays(CAL.add_workdays(d, m), n) == CAL.add_workdays(d, m + n)


@given(days, st.integers(min_value=-150, max_value=0), st.integers(min_value=-150, max_value=0))
def test_add_is_additive_backward(d, m, n):
    assert CAL.add_workdays(CAL.add_workdays(d, m), n) == CAL.add_workdays(d, m + n)


@given(days, st.integers(min_value=-150, max_value=150), st.integers(min_value=-150, max_value=150))
def test_add_is_additive_in_both_directions_from_a_workday(d, m, n):
    # From a day off, +1 then -1 lands on the workday before d, not on d: only a workday
    # start makes mixed directions additive.
    w = CAL.next_workday(d)
    assert CAL.add_workdays(CAL.add_workdays(w, m), n) == CAL.add_workdays(w, m + n)


@given(days)
def test_next_workday_is_the_first_workday_on_or_after(d):
    result = CAL.next_workday(d)
    assert result >= d and CAL.is_workday(result)
    assert not any(CAL.is_workday(d + timedelta(days=k)) for k in range((result - d).days))


@given(st.one_of(
    st.dates(max_value=date(1999, 12, 31)),
    st.dates(min_value=date(2100, 1, 1)),
))
def test_every_date_no_rule_covers_is_an_error(d):
    with pytest.raises(CalendarError, match=d.isoformat()):
        CAL.is_workday(d)
    with pytest.raises(CalendarError, match=d.isoformat()):
        CAL.add_workdays(d, 1)
    with pytest.raises(CalendarError, match=d.isoformat()):
        CAL.workdays_between(FIRST, d)


# Beyond the official years the same invariants hold on the provisional calendar.
far_days = st.dates(min_value=LAST - timedelta(days=400), max_value=date(2098, 1, 1))


@given(far_days, counts)
def test_between_undoes_add_across_provisional_years(d, n):
    assert CAL.workdays_between(d, CAL.add_workdays(d, n)) == n


@given(far_days, st.integers(min_value=-60, max_value=60))
def test_between_matches_its_definition_on_provisional_years(a, offset):
    b = a + timedelta(days=offset)
    assert CAL.workdays_between(a, b) == count_by_hand(a, b)
