"""Reproducible demo data: organizations, CRM records, populations and partners."""

from app.demo.generator import (
    GeneratedEcosystem,
    GeneratedOrganization,
    generate_ecosystem,
)

__all__ = ["GeneratedEcosystem", "GeneratedOrganization", "generate_ecosystem"]
