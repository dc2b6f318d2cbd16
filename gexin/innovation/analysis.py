"""The analysis of a trial's variable: two samples, baseline against changed.

Seed 001: a worker proposed 13 passes where the regulation allowed 12; a week of
measurement settled it. Here the two samples are compared by Welch's t, which does
not assume the two sides vary alike (a new setting often runs less evenly at first):

- each side's n, mean and sample standard deviation;
- the difference of means, changed − baseline, with its 95% confidence interval
  from Welch's t with the Welch–Satterthwaite degrees of freedom;
- the t statistic and its two-sided p-value;
- the effect size as Hedges' g: the difference over the pooled standard deviation,
  times the small-sample correction J = 1 − 3 / (4 (n₁ + n₂) − 9);
- a verdict in plain words that knows which way is better for the variable, or
  checks a limit the changed side must stay within (a motor's alarm current).

The statistic is computed here; SciPy gives only the t distribution's quantile and
tail area. Nothing here reads the database.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from scipy import stats

from gexin.innovation.choices import Direction

CONFIDENCE = 0.95


class Outcome:
    """What the comparison says, for badges and for callers that branch on it."""

    TOO_FEW = "too_few"
    BETTER = "better"
    WORSE = "worse"
    DIFFERENT = "different"  # neither side is better: a clear difference all the same
    NO_DIFFERENCE = "no_difference"


class LimitOutcome:
    """Whether the changed side stays within the variable's limit."""

    WITHIN = "within"
    BEYOND = "beyond"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Sample:
    """One side's figures; `sd` is None below two observations."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None = None
    high: float | None = None

    @classmethod
    def of(cls, values):
        n = len(values)
        if n == 0:
            return cls(0, None, None)
        mean = math.fsum(values) / n
        # Two passes: the squared deviations from the mean, not sum(x²) − n·mean², which
        # loses every digit when the values are large and close together.
        sd = (
            math.sqrt(math.fsum((value - mean) ** 2 for value in values) / (n - 1))
            if n > 1
            else None
        )
        return cls(n, mean, sd, min(values), max(values))

    @property
    def variance(self):
        return None if self.sd is None else self.sd**2


@dataclass(frozen=True)
class Analysis:
    """The comparison of the changed side with the baseline (see the module docstring).

    Figures that cannot be computed (too few observations) are None; `verdict` then
    says so. `limit_outcome` is None when the variable has no limit.
    """

    baseline: Sample
    changed: Sample
    direction: str
    limit: float | None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    df: float | None = None
    t: float | None = None
    p_value: float | None = None
    hedges_g: float | None = None
    outcome: str = Outcome.TOO_FEW
    limit_outcome: str | None = None
    verdict: list = field(default_factory=list)
    decimals: int = 2

    @property
    def is_conclusive(self):
        return self.outcome != Outcome.TOO_FEW

    @property
    def verdict_text(self):
        return " ".join(self.verdict)

    def as_dict(self):
        """Plain data for the API and the chart."""

        def side(sample):
            return {
                "n": sample.n,
                "mean": sample.mean,
                "sd": sample.sd,
                "min": sample.low,
                "max": sample.high,
            }

        return {
            "baseline": side(self.baseline),
            "changed": side(self.changed),
            "direction": self.direction,
            "limit": self.limit,
            "difference": self.difference,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": CONFIDENCE,
            "df": self.df,
            "t": self.t,
            "p_value": self.p_value,
            "hedges_g": self.hedges_g,
            "outcome": self.outcome,
            "limit_outcome": self.limit_outcome,
            "verdict": self.verdict_text,
        }


def decimals_of(values):
    """Decimals to show: one more than the observations carry, at most four."""
    most = 0
    for value in values:
        if isinstance(value, Decimal):
            exponent = value.normalize().as_tuple().exponent
            most = max(most, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
        else:
            return 2
    return min(most + 1, 4)


def welch(baseline, changed, confidence=CONFIDENCE):
    """(difference, ci_low, ci_high, df, t, p) for changed − baseline; None when undefined.

    Undefined when a side has fewer than two observations or both sides have no
    spread at all: there is then nothing to measure the difference against.
    """
    if baseline.n < 2 or changed.n < 2:
        return None
    v1 = baseline.variance / baseline.n
    v2 = changed.variance / changed.n
    if v1 + v2 == 0:
        return None
    se = math.sqrt(v1 + v2)
    difference = changed.mean - baseline.mean
    t = difference / se
    df = (v1 + v2) ** 2 / (v1**2 / (baseline.n - 1) + v2**2 / (changed.n - 1))
    p = float(2 * stats.t.sf(abs(t), df))
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * se
    return difference, difference - half, difference + half, df, t, p


def hedges_g(baseline, changed):
    """Hedges' g of changed against baseline; None without a pooled spread."""
    pooled_df = baseline.n + changed.n - 2
    if baseline.n < 2 or changed.n < 2:
        return None
    pooled = math.sqrt(
        ((baseline.n - 1) * baseline.variance + (changed.n - 1) * changed.variance) / pooled_df
    )
    if pooled == 0:
        return None
    correction = 1 - 3 / (4 * (baseline.n + changed.n) - 9)
    return correction * (changed.mean - baseline.mean) / pooled


def mean_interval(sample, confidence=CONFIDENCE):
    """The confidence interval of one side's mean (one-sample t), or None."""
    if sample.n < 2:
        return None
    half = float(stats.t.ppf(0.5 + confidence / 2, sample.n - 1)) * sample.sd / math.sqrt(sample.n)
    return sample.mean - half, sample.mean + half


def limit_is_floor(direction):
    """A limit is a floor for a variable where higher is better, else a ceiling."""
    return direction == Direction.HIGHER


def analyse(
    baseline,
    changed,
    *,
    direction=Direction.HIGHER,
    limit=None,
    labels=None,
    measured_in="",
    confidence=CONFIDENCE,
):
    """Compare two samples of one variable and say in plain words what they show.

    `baseline` and `changed` are sequences of numbers (Decimal or float). `direction`
    is a Direction: which way is better, or neither. `limit`, if given, is a floor
    (higher is better) or a ceiling (lower is better, or neither) that every changed
    observation and the confidence interval of the changed mean must respect.
    `labels` names the two sides in the verdict, e.g. ("12 passes", "13 passes").
    """
    raw = list(baseline) + list(changed)
    decimals = decimals_of(raw)
    a_values = [float(value) for value in baseline]
    b_values = [float(value) for value in changed]
    a, b = Sample.of(a_values), Sample.of(b_values)
    # "changed" is also a change to a record: the context names the trial's side.
    a_label, b_label = labels or (
        pgettext("side of a trial", "baseline"),
        pgettext("side of a trial", "changed"),
    )
    limit = None if limit is None else float(limit)
    suffix = f" {measured_in}" if measured_in else ""

    def show(value):
        return f"{value:,.{decimals}f}"

    result = {
        "baseline": a,
        "changed": b,
        "direction": str(direction),
        "limit": limit,
        "decimals": decimals,
    }
    verdict = []
    figures = welch(a, b, confidence)
    if figures is None:
        verdict.append(too_few_message(a, b))
        result["outcome"] = Outcome.TOO_FEW
    else:
        difference, low, high, df, t, p = figures
        result.update(
            difference=difference,
            ci_low=low,
            ci_high=high,
            df=df,
            t=t,
            p_value=p,
            hedges_g=hedges_g(a, b),
        )
        params = {
            "changed": b_label,
            "baseline": a_label,
            "difference": show(abs(difference)) + suffix,
            "low": show(low),
            "high": show(high),
            "percent": int(round(confidence * 100)),
        }
        if low > 0 or high < 0:
            is_higher = low > 0
            if direction == Direction.NEITHER:
                outcome = Outcome.DIFFERENT
            elif (direction == Direction.HIGHER) == is_higher:
                outcome = Outcome.BETTER
            else:
                outcome = Outcome.WORSE
            if is_higher:
                sentence = _(
                    "%(changed)s is higher than %(baseline)s by %(difference)s "
                    "(%(percent)s%% confidence interval %(low)s to %(high)s)."
                )
            else:
                sentence = _(
                    "%(changed)s is lower than %(baseline)s by %(difference)s "
                    "(%(percent)s%% confidence interval %(low)s to %(high)s)."
                )
            verdict.append(sentence % params)
            if outcome == Outcome.BETTER:
                verdict.append(_("The change is an improvement."))
            elif outcome == Outcome.WORSE:
                verdict.append(_("The change makes it worse."))
        else:
            outcome = Outcome.NO_DIFFERENCE
            verdict.append(
                _(
                    "No clear difference between %(changed)s and %(baseline)s: the "
                    "%(percent)s%% confidence interval of the difference, %(low)s to "
                    "%(high)s, includes zero."
                )
                % params
            )
        result["outcome"] = outcome
    if limit is not None:
        result["limit_outcome"], sentence = check_limit(
            b, b_values, limit, direction, b_label, show(limit) + suffix, confidence
        )
        verdict.append(sentence)
    result["verdict"] = verdict
    return Analysis(**result)


def too_few_message(a, b):
    if a.n < 2 or b.n < 2:
        return _(
            "Too few observations to conclude: each side needs at least two "
            "(baseline %(a)s, changed %(b)s)."
        ) % {"a": a.n, "b": b.n}
    return _(
        "Too few observations to conclude: every value is the same on both sides, so "
        "there is no spread to judge the difference against. Measure more, or more finely."
    )


def check_limit(sample, values, limit, direction, label, limit_text, confidence):
    """(LimitOutcome, sentence) for the changed side against the limit."""
    floor = limit_is_floor(direction)
    params = {"changed": label, "limit": limit_text}
    if sample.n == 0:
        return LimitOutcome.UNCERTAIN, _(
            "No observations of %(changed)s yet to check against the limit of %(limit)s."
        ) % params
    beyond = [value for value in values if (value < limit if floor else value > limit)]
    if beyond:
        params.update(count=len(beyond), n=sample.n)
        if floor:
            sentence = _(
                "%(changed)s falls below the limit of %(limit)s in %(count)s of %(n)s observations."
            )
        else:
            sentence = _(
                "%(changed)s exceeds the limit of %(limit)s in %(count)s of %(n)s observations."
            )
        return LimitOutcome.BEYOND, sentence % params
    interval = mean_interval(sample, confidence)
    if interval is None or (interval[0] < limit if floor else interval[1] > limit):
        return LimitOutcome.UNCERTAIN, _(
            "Every observation of %(changed)s is within the limit of %(limit)s, but too few "
            "or too close to it to be sure the mean stays there."
        ) % params
    return LimitOutcome.WITHIN, _(
        "%(changed)s stays within the limit of %(limit)s in every observation."
    ) % params
