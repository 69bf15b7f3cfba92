"""The viewer's own populations and unmatched accounts."""
