"""The viewer: the authenticated user, its organization and data sources."""
