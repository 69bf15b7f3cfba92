"""The viewer's own accounts and opportunities."""
