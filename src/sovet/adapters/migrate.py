"""Bring a database's schema up to date with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

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


def migrate_afresh(engine: Engine) -> None:
    """Empty a scratch PostgreSQL database (tests, benchmarks) and migrate it afresh.

    Drops the whole current schema, so tables of any revision go, not only those this
    version of sovet knows."""
    with engine.begin() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    migrate(engine)
