"""How the credit room appears in the desk, and the business rules it reads."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="credit",
        title=N_("Credit"),
        order=40,
        screen="salesdesk.credit.screen:CreditScreen",
        description=N_("Scores and limits, exposure, aging, collection follow-ups, the monthly review"),
    )
]

RULES = [
    Rule(
        "credit.warning_pct", "80", N_("Credit: usage (%) from which a customer shows a warning"), Decimal(0)
    ),
    Rule("credit.hold_days", "60", N_("Credit: days overdue after which a customer is on hold"), Decimal(0)),
    Rule("credit.bucket_1_days", "30", N_("Credit: aging, last day of the first overdue bucket"), Decimal(1)),
    Rule(
        "credit.bucket_2_days", "60", N_("Credit: aging, last day of the second overdue bucket"), Decimal(2)
    ),
    Rule("credit.bucket_3_days", "90", N_("Credit: aging, last day of the third overdue bucket"), Decimal(3)),
]

#: The customer score: points of each part (they must total 100), where a part scores nothing, the class
#: floors and the suggested-limit factor of each class.
P, N = Decimal(0), Decimal(100)
SCORE_RULES = [
    Rule("credit.score_days_late", "35", N_("Credit score: points for average days paid late"), P, N),
    Rule("credit.score_late_share", "25", N_("Credit score: points for invoices paid on time"), P, N),
    Rule("credit.score_overdue", "15", N_("Credit score: points for overdue against a month of sales"), P, N),
    Rule("credit.score_overdue_age", "10", N_("Credit score: points for the oldest overdue invoice"), P, N),
    Rule("credit.score_tenure", "15", N_("Credit score: points for months as a customer"), P, N),
    Rule("credit.days_late_zero", "60", N_("Credit score: average days late that score nothing"), Decimal(1)),
    Rule("credit.overdue_age_zero", "90", N_("Credit score: days overdue that score nothing"), Decimal(1)),
    Rule(
        "credit.tenure_full_months",
        "24",
        N_("Credit score: months as a customer for full points"),
        Decimal(1),
    ),
    Rule("credit.class_a_min", "80", N_("Credit class A: lowest score"), P, N),
    Rule("credit.class_b_min", "60", N_("Credit class B: lowest score"), P, N),
    Rule("credit.class_c_min", "40", N_("Credit class C: lowest score"), P, N),
    Rule("credit.factor_a", "1.5", N_("Suggested limit: factor of class A"), P, Decimal(10)),
    Rule("credit.factor_b", "1.0", N_("Suggested limit: factor of class B"), P, Decimal(10)),
    Rule("credit.factor_c", "0.5", N_("Suggested limit: factor of class C"), P, Decimal(10)),
    Rule("credit.factor_d", "0", N_("Suggested limit: factor of class D"), P, Decimal(10)),
]
RULES += SCORE_RULES


def thresholds(values) -> tuple[tuple[int, int, int], Decimal, int]:  # noqa: ANN001
    """Bucket edges (checked: three increasing day counts), warning % and hold days from rule values."""
    from salesdesk.credit import rules

    edges = rules.check_edges(
        (
            int(values["credit.bucket_1_days"]),
            int(values["credit.bucket_2_days"]),
            int(values["credit.bucket_3_days"]),
        )
    )
    return edges, values["credit.warning_pct"], int(values["credit.hold_days"])


def score_weights(values):  # noqa: ANN001, ANN201
    """The score's weights, zero points, class floors and factors from rule values (checked: the
    weights total 100, the floors go down from A to C)."""
    from salesdesk.core.errors import DataError
    from salesdesk.core.i18n import _
    from salesdesk.credit import rules

    floors = (values["credit.class_a_min"], values["credit.class_b_min"], values["credit.class_c_min"])
    if not floors[0] >= floors[1] >= floors[2]:
        raise DataError(
            "credit.class_a_min",
            ", ".join(str(f) for f in floors),
            _("class floors must go down from A to C"),
        )
    return rules.ScoreWeights(
        days_late=values["credit.score_days_late"],
        late_share=values["credit.score_late_share"],
        overdue=values["credit.score_overdue"],
        overdue_age=values["credit.score_overdue_age"],
        tenure=values["credit.score_tenure"],
        days_late_zero=int(values["credit.days_late_zero"]),
        overdue_age_zero=int(values["credit.overdue_age_zero"]),
        tenure_full_months=int(values["credit.tenure_full_months"]),
        class_floors=tuple(zip("ABC", floors, strict=True)),
        class_factors={k: values[f"credit.factor_{k.lower()}"] for k in "ABCD"},
    ).check()


#: Checks over the rules taken together, run by ``config rule`` before a change is kept: a score whose
#: weights do not total 100, or bucket edges out of order, would stop every credit report.
RULE_CHECKS = [thresholds, score_weights]
