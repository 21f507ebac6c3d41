"""The composition root: settings, storage, key and clock, wired once.

Everything that needs an instance gets it from ``bootstrap()``; tests pass their own
settings, clock or key through it rather than patching modules.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from sovet.adapters.migrate import holds_record, migrate
from sovet.adapters.sql import Database, make_engine, utc_now
from sovet.record.checkpoint import InstanceKey

KEY_FILE = "instance.key"
CONFIG_FILE = "sovet.toml"


@dataclass(frozen=True)
class Settings:
    """Where an instance keeps its data: a folder (key, config) and a database URL."""

    home: Path
    database_url: str

    @classmethod
    def from_environment(cls, home: Path | None = None) -> Settings:
        """``SOVET_HOME`` (default ``./var``) and ``SOVET_DATABASE_URL``, else the
        ``database_url`` in ``<home>/sovet.toml``, else an SQLite file in the home."""
        home = (home or Path(os.environ.get("SOVET_HOME", "var"))).resolve()
        url = os.environ.get("SOVET_DATABASE_URL") or config_in(home).get("database_url")
        return cls(home=home, database_url=url or f"sqlite:///{home / 'sovet.db'}")

    @property
    def config_file(self) -> Path:
        return self.home / CONFIG_FILE


def config_in(home: Path) -> dict[str, Any]:
    """The settings in ``<home>/sovet.toml``; none where there is no such file."""
    config = home / CONFIG_FILE
    return tomllib.loads(config.read_text()) if config.is_file() else {}


@dataclass
class Sovet:
    """One running instance."""

    settings: Settings
    db: Database
    key: InstanceKey


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] = utc_now,
    key: InstanceKey | None = None,
) -> Sovet:
    """Open (creating if need be) the instance: its folder, key and migrated database.

    A database that holds a record already is never given a new key: ``MissingKey``."""
    settings = settings or Settings.from_environment()
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    key = key or load_or_create_key(settings.home / KEY_FILE, engine)
    migrate(engine)
    return Sovet(settings=settings, db=Database(engine, key, clock), key=key)


class NoInstance(Exception):
    """There is no instance where one was to be opened."""


class MissingKey(NoInstance):
    """The database holds a record but the instance's key is not in its folder (a
    restore that put back the database alone): a new key would not verify the record."""

    def __init__(self, path: Path, engine: Engine) -> None:
        database = engine.url.render_as_string(hide_password=True)
        super().__init__(
            f"the database {database} holds a record but {path} is missing: put back the "
            f"{KEY_FILE} kept with it (a new key would not verify the record)"
        )


def open_existing(settings: Settings) -> Sovet:
    """Open an instance made before (its key is in its folder); create none."""
    if not (settings.home / KEY_FILE).is_file():
        engine = make_engine(settings.database_url)
        try:
            if holds_record(engine):
                raise MissingKey(settings.home / KEY_FILE, engine)
        finally:
            engine.dispose()
        raise NoInstance(
            f"no instance at {settings.home}: create one with `sovet init`, "
            "or name its folder with --home or $SOVET_HOME"
        )
    return bootstrap(settings)


def load_or_create_key(path: Path, engine: Engine) -> InstanceKey:
    """The key at ``path``, or a new one saved there where ``engine``'s database holds no
    record yet."""
    if path.exists():
        return InstanceKey.load(path)
    if holds_record(engine):
        raise MissingKey(path, engine)
    key = InstanceKey.generate()
    key.save(path)
    return key
