"""partnergraph: partner account mapping served as a GraphQL API."""

__version__ = "0.1.0"
