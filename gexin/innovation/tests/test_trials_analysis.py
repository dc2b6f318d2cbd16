"""The trial analysis: Welch's t as SciPy computes it, Hedges' g, and verdicts in words."""

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from gexin.innovation.analysis import LimitOutcome, Outcome, analyse
from gexin.innovation.choices import Direction


def scipy_welch(baseline, changed):
    """SciPy's Welch test of changed against baseline (the same sign as ours)."""
    result = stats.ttest_ind(changed, baseline, equal_var=False)
    interval = result.confidence_interval(0.95)
    return result.statistic, result.pvalue, interval.low, interval.high, result.df


def assert_matches_scipy(baseline, changed):
    analysis = analyse(baseline, changed)
    t, p, low, high, df = scipy_welch(np.array(baseline, float), np.array(changed, float))
    assert analysis.t == pytest.approx(t, rel=1e-9, abs=1e-12)
    assert analysis.p_value == pytest.approx(p, rel=1e-7, abs=1e-15)
    assert analysis.ci_low == pytest.approx(low, rel=1e-9, abs=1e-9)
    assert analysis.ci_high == pytest.approx(high, rel=1e-9, abs=1e-9)
    assert analysis.df == pytest.approx(df, rel=1e-9)
    assert analysis.difference == pytest.approx(np.mean(changed) - np.mean(baseline), rel=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2, 7, 42, 1958])
@pytest.mark.parametrize("sizes", [(2, 2), (3, 8), (6, 7), (12, 13), (30, 5), (100, 90)])
def test_it_matches_scipys_welch_test_on_random_samples(seed, sizes):
    rng = np.random.default_rng(seed)
    baseline = list(rng.normal(38.8, rng.uniform(0.1, 3), sizes[0]))
    changed = list(rng.normal(40.6, rng.uniform(0.1, 3), sizes[1]))
    assert_matches_scipy(baseline, changed)


sample = st.lists(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False),
    min_size=2,
    max_size=40,
)


# SciPy warns when one side is nearly constant; our two-pass sums need no warning there.
@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
@settings(max_examples=150, deadline=None)
@given(sample, sample)
def test_it_matches_scipy_on_any_samples_with_spread(baseline, changed):
    spread = np.var(baseline, ddof=1) / len(baseline) + np.var(changed, ddof=1) / len(changed)
    scale = 1 + max(abs(value) for value in baseline + changed)
    if spread < 1e-6 * scale**2:
        # Next to no spread: SciPy's one-pass moments lose their digits there (it warns
        # of it); no spread at all is refused by the analysis (tested below).
        return
    assert_matches_scipy(baseline, changed)


def test_hedges_g_is_the_corrected_difference_over_the_pooled_spread():
    baseline, changed = [10.0, 12.0, 11.0, 13.0], [14.0, 15.0, 13.0, 16.0, 17.0]
    n1, n2 = len(baseline), len(changed)
    pooled = math.sqrt(
        ((n1 - 1) * np.var(baseline, ddof=1) + (n2 - 1) * np.var(changed, ddof=1)) / (n1 + n2 - 2)
    )
    d = (np.mean(changed) - np.mean(baseline)) / pooled
    assert analyse(baseline, changed).hedges_g == pytest.approx(d * (1 - 3 / (4 * 9 - 9)))


def test_each_side_has_its_count_mean_and_standard_deviation():
    analysis = analyse([Decimal("1"), Decimal("2"), Decimal("3")], [Decimal("10"), Decimal("14")])
    assert (analysis.baseline.n, analysis.baseline.mean, analysis.baseline.sd) == (3, 2.0, 1.0)
    assert analysis.changed.mean == 12.0
    assert analysis.changed.sd == pytest.approx(math.sqrt(8))


@pytest.mark.parametrize(
    "baseline,changed",
    [([], []), ([5], [6, 7, 8]), ([5, 6, 7], [8]), ([4, 4, 4], [5, 5])],
    ids=["nothing", "one baseline", "one changed", "no spread on either side"],
)
def test_too_few_observations_to_conclude_is_said_without_crashing(baseline, changed):
    analysis = analyse(baseline, changed)
    assert analysis.outcome == Outcome.TOO_FEW
    assert not analysis.is_conclusive
    assert analysis.t is None and analysis.p_value is None and analysis.ci_low is None
    assert "Too few observations to conclude" in analysis.verdict_text


def test_one_side_without_spread_is_still_compared():
    analysis = analyse([12, 12, 12, 12], [13.1, 12.9, 13.4, 13.0])
    assert analysis.outcome == Outcome.BETTER
    assert analysis.df == pytest.approx(3)


PASSES_12 = [30.1, 29.8, 30.5, 30.0, 29.6, 30.3]
PASSES_13 = [32.4, 32.9, 32.1, 33.0, 32.6, 32.2]


def test_more_output_is_better_where_higher_is_better():
    analysis = analyse(PASSES_12, PASSES_13, labels=("12 passes", "13 passes"), measured_in="t")
    assert analysis.outcome == Outcome.BETTER
    assert analysis.ci_low > 0
    assert analysis.verdict[0].startswith("13 passes is higher than 12 passes by 2.48 t")
    assert "improvement" in analysis.verdict_text


def test_more_coal_is_worse_where_lower_is_better():
    analysis = analyse(PASSES_12, PASSES_13, direction=Direction.LOWER)
    assert analysis.outcome == Outcome.WORSE
    assert "worse" in analysis.verdict_text
    assert analyse(PASSES_13, PASSES_12, direction=Direction.LOWER).outcome == Outcome.BETTER


def test_overlapping_samples_show_no_clear_difference():
    analysis = analyse([10, 12, 11, 13, 9], [11, 12, 10, 13, 12])
    assert analysis.outcome == Outcome.NO_DIFFERENCE
    assert analysis.ci_low < 0 < analysis.ci_high
    assert "includes zero" in analysis.verdict_text


def test_a_current_under_the_alarm_limit_stays_within_it():
    analysis = analyse(
        [36.2, 36.8, 37.1, 36.5],
        [38.9, 39.4, 39.1, 38.7, 39.2],
        direction=Direction.NEITHER,
        limit=Decimal(45),
        labels=("12 passes", "13 passes"),
        measured_in="A",
    )
    assert analysis.outcome == Outcome.DIFFERENT
    assert analysis.limit_outcome == LimitOutcome.WITHIN
    assert "13 passes stays within the limit of 45.00 A" in analysis.verdict_text


def test_a_current_over_the_old_alarm_limit_is_reported():
    analysis = analyse(
        [36.2, 36.8, 37.1, 36.5],
        [39.9, 40.6, 41.1, 40.2],
        direction=Direction.NEITHER,
        limit=40,
    )
    assert analysis.limit_outcome == LimitOutcome.BEYOND
    assert "exceeds the limit of 40.00 in 3 of 4 observations" in analysis.verdict_text


def test_a_mean_too_close_to_the_limit_is_uncertain():
    analysis = analyse([1, 2], [39.0, 39.9], direction=Direction.NEITHER, limit=40)
    assert analysis.limit_outcome == LimitOutcome.UNCERTAIN


def test_a_limit_is_a_floor_where_higher_is_better():
    analysis = analyse([95, 96, 97], [93, 98, 99], direction=Direction.HIGHER, limit=94)
    assert analysis.limit_outcome == LimitOutcome.BEYOND
    assert "falls below the limit" in analysis.verdict_text


def test_as_dict_carries_the_figures_and_the_verdict():
    data = analyse(PASSES_12, PASSES_13).as_dict()
    assert data["baseline"]["n"] == 6
    assert data["outcome"] == "better"
    assert data["confidence"] == 0.95
    assert data["verdict"].startswith("changed is higher than baseline")
