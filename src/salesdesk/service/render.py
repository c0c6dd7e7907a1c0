"""A department's after-sales summary, to send it: what needs action, its open orders and its goals over
the last 90 days, as Markdown or as CSV (one row per open order, with the reason it needs action)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlmodel import Session

from salesdesk.core.i18n import _
from salesdesk.service import queries, rules

OPEN_LIMIT = 500


def summary(*, session: Session, department: str, today: date, fmt, as_csv: bool) -> str:  # noqa: ANN001
    dept = rules.check_choice(department, rules.DEPARTMENTS, "--department")
    found = queries.needs_action(session=session, today=today, department=dept)
    needs = {r.id: reason for _d, reason, r in found}
    waiting = [r for _d, _reason, r in found if r.department != dept]  # orders of others waiting on it
    orders = queries.list_orders(session=session, open_only=True, department=dept, limit=OPEN_LIMIT)
    orders += [r for r in waiting if r.id not in {o.id for o in orders}]
    if as_csv:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(
            ["id", "type", "customer", "name", "product", "status", "requested", "scheduled", "who",
             "waiting_on", "needs_action"]
        )  # fmt: skip
        for r in orders:
            w.writerow(
                [r.id, r.type, r.customer, r.name, r.product or "", r.status, r.requested.isoformat(),
                 r.scheduled.isoformat() if r.scheduled else "", r.assignee, r.waiting_on or "",
                 needs.get(r.id, "")]
            )  # fmt: skip
        return out.getvalue()

    def cell(text: object) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    start = today - timedelta(days=89)
    lines = [
        "# "
        + _("After-sales summary: {department}").format(department=rules.word(rules.DEPARTMENT_LABELS, dept)),
        "",
        _("As of {date}.").format(date=fmt.date(today))
        + " "
        + _("Open orders: {open}; needing action: {needs}.").format(open=len(orders), needs=len(needs)),
        "",
        "## " + _("Needs action"),
        "",
    ]
    header = [_("Number"), _("Type"), _("Customer"), _("Status"), _("Requested"), _("Scheduled"), _("Reason")]
    acting = [r for r in orders if r.id in needs]
    if acting:
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for r in acting:
            lines.append(
                "| "
                + " | ".join(
                    cell(x)
                    for x in (
                        r.id,
                        rules.word(rules.TYPE_LABELS, r.type),
                        f"{r.customer} {r.name}",
                        rules.word(rules.STATUS_LABELS, r.status),
                        fmt.date(r.requested),
                        fmt.date(r.scheduled) if r.scheduled else "",
                        rules.word(rules.REASON_LABELS, needs[r.id]),
                    )  # fmt: skip
                )
                + " |"
            )
    else:
        lines.append(_("Nothing needs action."))
    lines += ["", "## " + _("Open orders"), ""]
    header = [
        _("Number"),
        _("Type"),
        _("Customer"),
        _("Product"),
        _("Status"),
        _("Requested"),
        _("Scheduled"),
        _("Who"),
    ]
    if orders:
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for r in orders:
            lines.append(
                "| "
                + " | ".join(
                    cell(x)
                    for x in (
                        r.id,
                        rules.word(rules.TYPE_LABELS, r.type),
                        f"{r.customer} {r.name}",
                        r.product or "",
                        rules.word(rules.STATUS_LABELS, r.status),
                        fmt.date(r.requested),
                        fmt.date(r.scheduled) if r.scheduled else "",
                        r.assignee,
                    )  # fmt: skip
                )
                + " |"
            )
    else:
        lines.append(_("No service orders."))
    lines += [
        "",
        "## " + _("Service goals {start} – {end}").format(start=fmt.date(start), end=fmt.date(today)),
        "",
    ]
    header = [_("Type"), _("Done"), _("On time"), _("On time %"), _("Avg. lead days"), _("Backlog")]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for g in queries.goals_report(session=session, start=start, end=today, by="type", department=dept):
        s = g.stats
        if not s.done and not s.backlog:
            continue
        lines.append(
            "| "
            + " | ".join(
                cell(x)
                for x in (
                    rules.word(rules.TYPE_LABELS, g.key),
                    s.done,
                    s.on_time,
                    fmt.number(s.on_time_pct, 1) if s.on_time_pct is not None else "",
                    fmt.number(s.avg_lead_days, 1) if s.avg_lead_days is not None else "",
                    s.backlog,
                )  # fmt: skip
            )
            + " |"
        )
    return "\n".join(lines) + "\n"
