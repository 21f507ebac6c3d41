"""Use cases against real storage (SQLite and PostgreSQL)."""
