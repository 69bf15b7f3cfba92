"""The GraphQL layer: strawberry types, queries, mutations and loaders by feature."""
