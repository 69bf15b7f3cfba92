"""Per-request loaders of the viewer's own opportunities."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from app.operations.own_data import account_opportunities
from app.storage.models import Opportunity


def opportunities_by_account_loader(context) -> DataLoader[int, list[Opportunity]]:
    """Return the request's loader of opportunities by account id, in key order."""
    loader = context.loaders.get("opportunities_by_account")
    if loader is None:

        async def load(account_ids: Sequence[int]) -> list[list[Opportunity]]:
            found = account_opportunities(
                context.session,
                organization_id=context.principal.organization.id,
                account_ids=list(account_ids),
            )
            return [found.get(account_id, []) for account_id in account_ids]

        loader = DataLoader(load_fn=load)
        context.loaders["opportunities_by_account"] = loader
    return loader
