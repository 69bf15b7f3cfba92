"""Engine and sessions, tables, query helpers and migrations."""
