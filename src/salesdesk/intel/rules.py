"""The intel room's rules, pure: intel topics and impacts, countermeasure statuses and departments, and
the data-quality rules' building blocks (name normalisation, likely duplicates, unusual amounts).

No database, no UI: the queries hand in plain values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _, label
from salesdesk.core.text import fold

TOPICS = ("price", "product", "promotion", "channel", "strategy", "other")
TOPIC_LABELS = {
    "price": N_("topic|price"),
    "product": N_("topic|product"),
    "promotion": N_("topic|promotion"),
    "channel": N_("topic|channel"),
    "strategy": N_("topic|strategy"),
    "other": N_("topic|other"),
}
IMPACTS = ("low", "medium", "high")
IMPACT_LABELS = {"low": N_("impact|low"), "medium": N_("impact|medium"), "high": N_("impact|high")}

STATUSES = ("open", "in_progress", "done", "cancelled")
#: Countermeasure status changes: open → in progress → done; open or in progress → cancelled; done and
#: cancelled are final.
TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "open": ("in_progress", "done", "cancelled"),
    "in_progress": ("done", "cancelled"),
    "done": (),
    "cancelled": (),
}
STATUS_LABELS = {
    "open": N_("measure|open"),
    "in_progress": N_("measure|in progress"),
    "done": N_("measure|done"),
    "cancelled": N_("measure|cancelled"),
}
DEPARTMENTS = (
    "marketing", "product", "pricing", "logistics", "customer_service", "technical", "management", "finance",
)  # fmt: skip
DEPARTMENT_LABELS = {
    "marketing": N_("department|marketing"),
    "product": N_("department|product"),
    "pricing": N_("department|pricing"),
    "logistics": N_("department|logistics"),
    "customer_service": N_("department|customer service"),
    "technical": N_("department|technical"),
    "management": N_("department|management"),
    "finance": N_("department|finance"),
}

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {
    "error": N_("severity|error"),
    "warning": N_("severity|warning"),
    "info": N_("severity|info"),
}


def word(labels: Mapping[str, str], code: str | None) -> str:
    """A code as a word in the active language (unknown codes as they are)."""
    if not code:
        return ""
    return label(labels[code]) if code in labels else code


def check_transition(old: str, new: str, field_name: str = "status") -> None:
    """Refuse a countermeasure status change the table does not allow, naming both states."""
    if new not in TRANSITIONS:
        raise DataError(field_name, new, _("must be one of: {choices}").format(choices=", ".join(STATUSES)))
    if new not in TRANSITIONS[old]:
        raise DataError(
            field_name,
            new,
            _("cannot change from {old} to {new}").format(
                old=word(STATUS_LABELS, old), new=word(STATUS_LABELS, new)
            ),
        )


# --------------------------------------------------------------------------- data quality


@dataclass(frozen=True)
class Finding:
    """One data-quality finding: which rule, how serious, which records (codes or numbers of ``entity``),
    what is wrong and how to fix it (both already in the active language)."""

    rule: str
    severity: str
    entity: str
    records: tuple[str, ...]
    message: str
    fix: str
    #: Values that explain the finding (amounts, dates, similarity), for JSON.
    detail: Mapping[str, object] = field(default_factory=dict)


def counts_text(findings: Sequence[Finding]) -> str:
    """``errors 1, warnings 4, for information 0`` in the active language (no plural to get wrong)."""
    n = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    return _("errors {errors}, warnings {warnings}, for information {infos}").format(
        errors=n["error"], warnings=n["warning"], infos=n["info"]
    )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; by rule and records within."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.records))


#: Legal-form words dropped at either end of a name when names are compared (after dots are removed:
#: "S.L." → "sl"), and small words dropped anywhere.
LEGAL_FORMS = frozenset(
    (
        "sl", "slu", "sa", "sau", "sll", "slne", "scoop", "coop", "sc", "scp", "cb", "srl", "sas", "sac",
        "ltd", "llc", "inc", "corp", "gmbh", "bv", "nv", "plc", "sarl", "cv", "rl",
    )
)  # fmt: skip
SMALL_WORDS = frozenset(["de", "del", "la", "las", "el", "los", "y", "e", "and", "the", "of"])


def normalise_name(name: str) -> str:
    """A name as compared for duplicates: folded (case, accents), without punctuation and legal-form
    words (``"Ferretería López, S.L."`` → ``"ferreteria lopez"``)."""
    text = fold(name).replace(".", "")
    tokens = [t for t in re.split(r"[\W_]+", text) if t]
    # letters left apart by spaces ("s l", "s a") are one legal form
    joined: list[str] = []
    letters = False  # the last token was made of single letters
    for token in tokens:
        single = len(token) == 1 and token.isalpha()
        if single and letters:
            joined[-1] += token
        else:
            joined.append(token)
        letters = single or (letters and single)
    while len(joined) > 1 and joined[-1] in LEGAL_FORMS:
        joined.pop()
    while len(joined) > 1 and joined[0] in LEGAL_FORMS:
        joined.pop(0)
    return " ".join(t for t in joined if t not in SMALL_WORDS) or " ".join(joined)


def digits_of(name: str) -> tuple[str, ...]:
    """The numbers in a name (``"Bar Plaza 2"`` → ``("2",)``): names whose numbers differ are different
    customers (branches, shop numbers), however alike the rest."""
    return tuple(re.findall(r"\d+", name))


def similarity(a: str, b: str) -> float:
    """How alike two normalised names are, 0–100 (token order ignored). 0 when their numbers differ, or
    when the words they do not share are not alike themselves ("grupo hostelero duero" and "grupo
    hostelero ebro" share most letters but are two companies; "lopez" and "lopes" are a slip)."""
    from rapidfuzz import fuzz

    if digits_of(a) != digits_of(b):
        return 0.0
    score = float(fuzz.token_sort_ratio(a, b))
    left, right = a.split(), b.split()
    only_a = [t for t in left if t not in right]
    only_b = [t for t in right if t not in left]
    if only_a and only_b and fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b))) < WORDS_ALIKE:
        return 0.0
    return score


#: How alike (0–100) the words two names do not share must be for the names to be alike.
WORDS_ALIKE = 75


def similar_pairs(
    names: Mapping[str, str], threshold: float, *, common: int = 300
) -> list[tuple[str, str, float]]:
    """Pairs of records (by key) whose normalised names score at least ``threshold``, each pair once
    (lower key first), best first.

    Only names that share a word are compared (a word shared by more than ``common`` names, like
    "ferreteria", does not count as shared), so ten thousand customers need thousands of comparisons, not
    fifty million; names equal once normalised always pair."""
    from rapidfuzz import fuzz

    normal = {key: normalise_name(name) for key, name in names.items()}
    postings: dict[str, list[str]] = {}
    for key, text in normal.items():
        for token in set(text.split()):
            if len(token) >= 3 or token.isdigit():
                postings.setdefault(token, []).append(key)
        postings.setdefault("\x00" + text, []).append(key)  # the whole name: equal names always meet
    seen: set[tuple[str, str]] = set()
    found: list[tuple[str, str, float]] = []
    for token, keys in postings.items():
        if len(keys) < 2 or (len(keys) > common and not token.startswith("\x00")):
            continue
        keys = sorted(keys)
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if not normal[a] or not fuzz.token_sort_ratio(normal[a], normal[b], score_cutoff=threshold):
                    continue
                score = similarity(normal[a], normal[b])
                if score >= threshold:
                    found.append((a, b, score))
    return sorted(found, key=lambda p: (-p[2], p[0], p[1]))


@dataclass(frozen=True)
class Usual:
    """A customer's usual invoice amount, from its other invoices: how many, their mean and standard
    deviation."""

    count: int
    mean: Decimal
    sd: Decimal


def leave_one_out(n: int, total: Decimal, squares: Decimal, amount: Decimal) -> Usual:
    """The usual amount of a customer's other invoices (all ``n`` but this ``amount``), from the sum and
    the sum of squares of all of them."""
    others = n - 1
    if others <= 0:
        return Usual(0, Decimal(0), Decimal(0))
    mean = (total - amount) / others
    var = (squares - amount * amount) / others - mean * mean
    return Usual(others, mean, var.sqrt() if var > 0 else Decimal(0))


def unusual(amount: Decimal, usual: Usual, *, times: Decimal, min_count: int = 6) -> bool:
    """An invoice far above the customer's usual range: at least ``min_count`` other invoices, and more
    than ``times`` their mean and more than four standard deviations above it."""
    if usual.count < min_count or usual.mean <= 0:
        return False
    return amount > usual.mean * times and amount > usual.mean + 4 * usual.sd


def merge_fill(keep: Mapping[str, object], duplicate: Mapping[str, object], fields: Sequence[str]) -> dict:
    """The kept customer's blank fields that the duplicate has (the earlier ``customer_since`` wins)."""
    filled: dict[str, object] = {}
    for name in fields:
        mine, theirs = keep.get(name), duplicate.get(name)
        if name == "customer_since":
            if theirs is not None and (mine is None or theirs < mine):  # type: ignore[operator]
                filled[name] = theirs
        elif (mine is None or mine == "") and theirs not in (None, ""):
            filled[name] = theirs
    return filled
