"""Domain operations: each takes the acting user, checks the role, runs in one
transaction and bumps the version stamps it invalidates."""
