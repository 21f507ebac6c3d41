"""Bring a database's schema up to date with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from sovet.adapters.sql import for_writing

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Apply every migration the database lacks."""
    config = alembic_config()
    with for_writing(engine.connect()) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
