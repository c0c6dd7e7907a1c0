"""The market room's rules, pure: pipeline stages and their moves, weighted pipeline, conversion rates and
days per stage, stale prospects, campaign costs, customer growth bands.

No database, no UI: the queries hand in plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _, label
from salesdesk.core.money import Measure, measure

CENT = Decimal("0.01")
TENTH = Decimal("0.1")

STAGES = ("identified", "contacted", "qualified", "proposal", "negotiation", "won", "lost")
OPEN_STAGES = STAGES[:5]
#: Stage moves: an open prospect moves to any other open stage (forward, or back when a deal cools), or
#: is won or lost; won and lost are final.
TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    **{s: tuple(t for t in STAGES if t != s) for s in OPEN_STAGES},
    "won": (),
    "lost": (),
}
STAGE_LABELS = {
    "identified": N_("prospect|identified"),
    "contacted": N_("prospect|contacted"),
    "qualified": N_("prospect|qualified"),
    "proposal": N_("prospect|proposal"),
    "negotiation": N_("prospect|negotiation"),
    "won": N_("prospect|won"),
    "lost": N_("prospect|lost"),
}
#: Default win probability of each stage, in percent (business rules ``market.probability_<stage>``).
DEFAULT_PROBABILITY = {
    "identified": 10,
    "contacted": 20,
    "qualified": 40,
    "proposal": 60,
    "negotiation": 80,
    "won": 100,
    "lost": 0,
}

CHANNELS = ("campaign", "referral", "web", "fair", "cold_call", "partner", "other")
CHANNEL_LABELS = {
    "campaign": N_("channel|campaign"),
    "referral": N_("channel|referral"),
    "web": N_("channel|web"),
    "fair": N_("channel|trade fair"),
    "cold_call": N_("channel|cold call"),
    "partner": N_("channel|partner"),
    "other": N_("channel|other"),
}
LOST_REASONS = ("price", "product", "service", "timing", "no_budget", "competitor", "no_decision", "other")
LOST_LABELS = {
    "price": N_("lost|price"),
    "product": N_("lost|product"),
    "service": N_("lost|service"),
    "timing": N_("lost|timing"),
    "no_budget": N_("lost|no budget"),
    "competitor": N_("lost|chose a competitor"),
    "no_decision": N_("lost|no decision"),
    "other": N_("lost|other"),
}

GROWTH_BANDS = ("new", "growing", "stable", "shrinking", "stopped")
GROWTH_LABELS = {
    "new": N_("growth|new"),
    "growing": N_("growth|growing"),
    "stable": N_("growth|stable"),
    "shrinking": N_("growth|shrinking"),
    "stopped": N_("growth|stopped buying"),
}


def word(labels: Mapping[str, str], code: str | None) -> str:
    """A code as a word in the active language (unknown codes as they are)."""
    if not code:
        return ""
    return label(labels[code]) if code in labels else code


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def pct(part: Decimal | int, whole: Decimal | int) -> Measure | None:
    """``part`` as a percentage of ``whole`` with one decimal; None when the whole is zero."""
    if not whole:
        return None
    return Measure((Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP))


def check_move(old: str, new: str, field: str = "stage") -> None:
    """Refuse a stage move the table does not allow, naming both stages."""
    if new not in TRANSITIONS:
        raise DataError(field, new, _("must be one of: {choices}").format(choices=", ".join(STAGES)))
    if new == old:
        raise DataError(field, new, _("the prospect is already in this stage"))
    if new not in TRANSITIONS[old]:
        raise DataError(
            field,
            new,
            _("cannot move from {old} to {new}: {old} is final").format(
                old=word(STAGE_LABELS, old), new=word(STAGE_LABELS, new)
            ),
        )


def check_probabilities(probabilities: Mapping[str, Decimal]) -> None:
    """Open stages' probabilities do not fall as a prospect advances; won is 100 and lost 0."""
    values = [probabilities[s] for s in OPEN_STAGES]
    if any(a > b for a, b in zip(values, values[1:], strict=False)):
        raise DataError(
            "market.probability_identified",
            ", ".join(str(v) for v in values),
            _("stage probabilities must not fall from identified to negotiation"),
        )


# --------------------------------------------------------------------------- pipeline


@dataclass(frozen=True)
class PipelineCell:
    """Open prospects of one owner in one stage: how many, their estimated annual value and the value
    weighted by the stage's probability."""

    owner: str | None
    stage: str
    count: int
    value: Decimal
    weighted: Decimal


def weighted(value: Decimal, probability: Decimal) -> Decimal:
    """A prospect's weighted value, unrounded (sums are rounded once, at the end)."""
    return value * probability / 100


def pipeline(
    rows: Iterable[tuple[str | None, str, int, Decimal]], probabilities: Mapping[str, Decimal]
) -> list[PipelineCell]:
    """Cells from (owner, stage, count, value) sums of open prospects, in owner then stage order."""
    cells = [
        PipelineCell(owner, stage, count, value, cents(weighted(value, probabilities[stage])))
        for owner, stage, count, value in rows
        if stage in OPEN_STAGES
    ]
    return sorted(cells, key=lambda c: (c.owner is None, c.owner or "", OPEN_STAGES.index(c.stage)))


# --------------------------------------------------------------------------- conversion, days per stage


@dataclass(frozen=True)
class StageStat:
    """One open stage: how many prospects reached it, how many of those reached the next stage (or were
    won), the conversion rate, and the average days spent in it (over stays that ended)."""

    stage: str
    reached: int
    advanced: int
    rate: Decimal | None
    avg_days: Decimal | None
    stays: int


def furthest(stages: Sequence[str]) -> int:
    """How far a prospect got: the index of the furthest open stage it entered, 5 when won, -1 if none
    (a lost prospect got as far as the stages it entered before it was lost)."""
    reached = [STAGES.index(s) for s in stages if s != "lost"]
    return max(reached, default=-1)


def stage_stats(
    histories: Iterable[Sequence[tuple[str, date]]], today: date
) -> tuple[list[StageStat], int, int, Decimal | None]:
    """Conversion rates and days per stage from each prospect's moves ((stage, day), oldest first).

    A prospect reached a stage when it entered it or any later one (stages may be skipped). Days in a
    stage: from entering it to the next move; a stay still going (today) is left out of the average.
    Returns the stages' stats, the won and lost counts and the win rate (won ÷ decided)."""
    reached = dict.fromkeys(OPEN_STAGES, 0)
    days: dict[str, list[int]] = {s: [] for s in OPEN_STAGES}
    won = lost = 0
    for moves in histories:
        if not moves:
            continue
        top = furthest([s for s, _d in moves])
        for i, stage in enumerate(OPEN_STAGES):
            if top >= i:
                reached[stage] += 1
        final = moves[-1][0]
        won += final == "won"
        lost += final == "lost"
        for (stage, day), (_next, left) in zip(moves, moves[1:], strict=False):
            if stage in days:
                days[stage].append((left - day).days)
    stats = []
    for i, stage in enumerate(OPEN_STAGES):
        after = reached[OPEN_STAGES[i + 1]] if i + 1 < len(OPEN_STAGES) else won
        stays = days[stage]
        avg = measure(
            (Decimal(sum(stays)) / len(stays)).quantize(TENTH, rounding=ROUND_HALF_UP) if stays else None
        )
        stats.append(StageStat(stage, reached[stage], after, pct(after, reached[stage]), avg, len(stays)))
    return stats, won, lost, pct(won, won + lost)


def is_stale(stage: str, last_action: date, today: date, stale_days: int) -> bool:
    """An open prospect with no action for more than ``stale_days`` days."""
    return stage in OPEN_STAGES and (today - last_action).days > stale_days


# --------------------------------------------------------------------------- campaigns, growth


def cost_per(budget: Decimal, count: int) -> Decimal | None:
    """The campaign's cost per lead or per new customer; None when there are none."""
    return cents(budget / count) if count else None


def campaign_phase(start: date, end: date, today: date) -> str:
    """``planned`` before its start, ``running`` during it, ``ended`` after it."""
    if today < start:
        return "planned"
    return "running" if today <= end else "ended"


PHASE_LABELS = {
    "planned": N_("campaign|planned"),
    "running": N_("campaign|running"),
    "ended": N_("campaign|ended"),
}


def growth_band(this: Decimal, last: Decimal, band: Decimal) -> str:
    """A customer's sales this year to date against the same days last year: ``new`` (nothing last year),
    ``stopped`` (nothing this year), ``growing`` / ``shrinking`` beyond ± ``band`` percent, else
    ``stable``."""
    if last <= 0:
        return "new" if this > 0 else "stable"
    if this <= 0:
        return "stopped"
    change = (this - last) * 100 / last
    if change > band:
        return "growing"
    if change < -band:
        return "shrinking"
    return "stable"


def change_pct(this: Decimal, last: Decimal) -> Decimal | None:
    """The change from last year in percent, one decimal; None when last year had nothing."""
    if last <= 0:
        return None
    return Measure(((this - last) * 100 / last).quantize(TENTH, rounding=ROUND_HALF_UP))
