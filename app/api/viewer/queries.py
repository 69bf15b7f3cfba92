"""The `viewer` query."""

from __future__ import annotations

import strawberry

from app.api.viewer.types import DataSource, Organization, User, Viewer
from app.operations.own_data import list_data_sources


@strawberry.type
class ViewerQuery:
    @strawberry.field(
        description="The authenticated user, its organization and data sources."
    )
    def viewer(self, info: strawberry.Info) -> Viewer:
        principal = info.context.principal
        sources = list_data_sources(
            info.context.session, organization_id=principal.organization.id
        )
        return Viewer(
            user=User(row=principal.user),
            organization=Organization(row=principal.organization),
            data_sources=[DataSource(row=source) for source in sources],
        )
