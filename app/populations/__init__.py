"""Population membership: standard populations per match key, custom by filter."""

from app.populations.membership import (
    DEFAULT_CUSTOMER_TYPES,
    recompute_memberships,
    standard_population_members,
)

__all__ = [
    "DEFAULT_CUSTOMER_TYPES",
    "recompute_memberships",
    "standard_population_members",
]
