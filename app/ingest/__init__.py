"""Atomic imports of CRM exports and CSV files into data sources."""

from app.ingest.csv_accounts import import_csv_accounts
from app.ingest.hubspot import import_hubspot
from app.ingest.reconcile import ObjectCounts
from app.ingest.report import ACCOUNTS, OPPORTUNITIES, ImportReport
from app.ingest.salesforce import import_salesforce

__all__ = [
    "ACCOUNTS",
    "OPPORTUNITIES",
    "ImportReport",
    "ObjectCounts",
    "import_csv_accounts",
    "import_hubspot",
    "import_salesforce",
]
