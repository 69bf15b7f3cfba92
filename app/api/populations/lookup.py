"""Per-request lookup of the viewer's own populations by id."""

from __future__ import annotations

from app.api.populations.types import Population
from app.operations.own_data import PopulationSummary, list_populations


def own_population_summaries(context) -> dict[int, PopulationSummary]:
    """Return the viewer's populations by id, read once per request."""
    summaries = context.loaders.get("own_populations")
    if summaries is None:
        organization = context.principal.organization
        summaries = {
            summary.population.id: summary
            for summary in list_populations(
                context.session, organization_id=organization.id
            )
        }
        context.loaders["own_populations"] = summaries
    return summaries


def own_population(context, population_id: int) -> Population | None:
    """Return the viewer's own population as a GraphQL object, or None."""
    summary = own_population_summaries(context).get(population_id)
    if summary is None:
        return None
    return Population(
        summary=summary, default_currency=context.principal.organization.currency
    )
