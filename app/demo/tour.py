"""The demo places that show each reason an influence figure can be unavailable.

The tour is computed from the stored data through the same policy and metric
functions the API uses, so it lists what the API returns to each viewer. For
each reason code it names a viewer, a partner and, for the reasons of a cell,
the matrix cell that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from app.core.enums import PartnershipStatus
from app.graph import Ecosystem, KeyInterner, build_ecosystem
from app.graph.cache import read_stamps
from app.graph.load import load_organization, load_partnership
from app.metrics import UnavailableReason, influence_reasons
from app.policy import PartnershipView, partner_views


@dataclass(frozen=True, slots=True)
class TourStop:
    """One place where a reason shows: partner level, or one matrix cell."""

    reason: UnavailableReason
    reasons: tuple[UnavailableReason, ...]
    viewer_slug: str
    partner: str
    row: str | None = None
    column: str | None = None

    def describe(self) -> str:
        """Return one line, e.g. `PLAN_REQUIRED: acme sees Globex, cell (A, B)`."""
        where = f"{self.viewer_slug} sees {self.partner}"
        if self.row is not None:
            where += f", cell ({self.row}, {self.column})"
        else:
            where += ", partner level"
        others = [reason for reason in self.reasons if reason != self.reason]
        if others:
            where += f" (listed with {', '.join(others)})"
        return f"{self.reason}: {where}"


def snapshot_ecosystem(session: Session) -> Ecosystem:
    """Build an ecosystem from the session's transaction, uncommitted rows included."""
    session.flush()
    connection = session.connection()
    stamps = read_stamps(connection)
    keys = KeyInterner()
    organizations = {
        organization_id: load_organization(connection, organization_id, keys)
        for organization_id, _ in stamps.organizations
    }
    partnerships = {
        partnership_id: load_partnership(connection, partnership_id)
        for partnership_id, _ in stamps.partnerships
    }
    return build_ecosystem(organizations, partnerships, keys=keys, stamps=stamps)


def influence_tour(
    ecosystem: Ecosystem, organization_ids: list[int]
) -> tuple[TourStop, ...]:
    """Return one stop for each reason that the given organizations see.

    Each reason gets the place where the fewest other reasons are listed with
    it, the first such place when several tie. Viewers are visited in the
    given order, their partnerships by id, the partner level before the cells.
    Reasons that no viewer sees are left out.
    """
    found: dict[UnavailableReason, TourStop] = {}
    for organization_id in organization_ids:
        viewer = ecosystem.organization(organization_id)
        views = partner_views(
            ecosystem, organization_id, statuses=frozenset(PartnershipStatus)
        )
        for view in views:
            partner = ecosystem.organization(view.partnership.partner_of(viewer.id))
            label = view.partnership.invited_domain if partner is None else partner.name
            for stop in _stops(view, viewer.slug, label):
                best = found.get(stop.reason)
                if best is None or len(stop.reasons) < len(best.reasons):
                    found[stop.reason] = stop
    return tuple(found[reason] for reason in UnavailableReason if reason in found)


def _stops(view: PartnershipView, viewer_slug: str, partner: str) -> list[TourStop]:
    reasons = influence_reasons(view)
    stops = [TourStop(reason, reasons, viewer_slug, partner) for reason in reasons]
    for row in view.rows:
        for column in view.columns:
            reasons = influence_reasons(view, column)
            stops.extend(
                TourStop(reason, reasons, viewer_slug, partner, row.name, column.name)
                for reason in reasons
            )
    return stops
