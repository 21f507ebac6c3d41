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
from typing import Any, Literal

from sqlalchemy import Engine

from sovet.adapters.migrate import Schema, holds_record, migrate, schema_of
from sovet.adapters.sql import Database, make_engine, opening, utc_now
from sovet.domain.errors import Invalid
from sovet.record.checkpoint import InstanceKey

KEY_FILE = "instance.key"
CONFIG_FILE = "sovet.toml"
Reads = Literal["record", "state"]
"""What a command that only reads reads: the record alone, or the state too."""


@dataclass(frozen=True)
class Settings:
    """Where an instance keeps its data: a folder (key, config) and a database URL."""

    home: Path
    database_url: str
    database_setting: str = "the database"
    """Where the operator set ``database_url``, to name in a refusal."""

    @classmethod
    def from_environment(cls, home: Path | None = None) -> Settings:
        """``SOVET_HOME`` (default ``./var``) and ``SOVET_DATABASE_URL``, else the
        ``database_url`` in ``<home>/sovet.toml``, else an SQLite file in the home.
        A ``sovet.toml`` that cannot be read is refused: ``Invalid``."""
        home = (home or Path(os.environ.get("SOVET_HOME", "var"))).resolve()
        if url := os.environ.get("SOVET_DATABASE_URL"):
            return cls(home=home, database_url=url, database_setting="SOVET_DATABASE_URL")
        setting = f"database_url in {home / CONFIG_FILE}"
        url = config_in(home).get("database_url")
        if url is not None and not isinstance(url, str):
            raise Invalid(f"{setting}: a database URL is written in quotes, not as {url!r}")
        if url:
            return cls(home=home, database_url=url, database_setting=setting)
        return cls(home=home, database_url=f"sqlite:///{home / 'sovet.db'}")

    @property
    def config_file(self) -> Path:
        return self.home / CONFIG_FILE


def config_in(home: Path) -> dict[str, Any]:
    """The settings in ``<home>/sovet.toml``; none where there is no such file. One that
    cannot be read, or is not TOML, is refused: ``Invalid``."""
    config = home / CONFIG_FILE
    if not config.is_file():
        return {}
    try:
        return tomllib.loads(config.read_text(encoding="utf-8"))
    except OSError as error:
        raise Invalid(f"{config}: {error.strerror or error}") from None
    except ValueError as error:
        raise Invalid(f"{config}: not valid TOML: {error}") from None


@dataclass
class Sovet:
    """One running instance."""

    settings: Settings
    db: Database
    key: InstanceKey
    schema: Schema
    """The revision its database was at when opened (before any upgrade), and the newest."""


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] = utc_now,
    key: InstanceKey | None = None,
) -> Sovet:
    """Open (creating if need be) the instance: its folder, key and migrated database.

    A database that cannot be opened is refused in one line (``Invalid``); one that holds
    a record already is never given a new key (``MissingKey``)."""
    settings = settings or Settings.from_environment()
    settings.home.mkdir(parents=True, exist_ok=True)
    with opening(settings.database_setting, settings.database_url):
        engine = make_engine(settings.database_url)
        key = key or load_or_create_key(settings.home / KEY_FILE, engine)
        schema = migrate(engine)
    return Sovet(settings=settings, db=Database(engine, key, clock), key=key, schema=schema)


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


def open_existing(settings: Settings, *, reads: Reads | None = None) -> Sovet:
    """Open an instance made before (its key is in its folder); create none.

    Its database is brought up to this sovet's newest revision, unless the command only
    ``reads``: then it is opened as it stands and never written. The record's tables are
    the same at every revision, so ``"record"`` reads a database of any revision; the
    ``"state"`` is read at the newest only, and an older database is refused naming its
    revision and `sovet upgrade` (``Invalid``)."""
    key_path = settings.home / KEY_FILE
    if not key_path.is_file():
        with opening(settings.database_setting, settings.database_url):
            engine = make_engine(settings.database_url)
            try:
                if holds_record(engine):
                    raise MissingKey(key_path, engine)
            finally:
                engine.dispose()
        raise NoInstance(
            f"no instance at {settings.home}: create one with `sovet init`, "
            "or name its folder with --home or $SOVET_HOME"
        )
    if reads is None:
        return bootstrap(settings)
    with opening(settings.database_setting, settings.database_url):
        engine = make_engine(settings.database_url, reads_only=True)
        try:
            schema = _readable(engine, reads, key_path)
        except BaseException:
            engine.dispose()
            raise
    key = InstanceKey.load(key_path)
    return Sovet(settings=settings, db=Database(engine, key), key=key, schema=schema)


def _readable(engine: Engine, reads: Reads, key_path: Path) -> Schema:
    """The schema of the database, where a command that ``reads`` can read it as it is."""
    schema = schema_of(engine)
    if schema.found is None:
        database = engine.url.render_as_string(hide_password=True)
        raise Invalid(
            f"the database {database} holds no instance: put back the database kept with {key_path}"
        )
    if not schema.current and (reads == "state" or not schema.holds_the_record()):
        raise Invalid(
            f"the database is at revision {schema.found}, older than this sovet's newest, "
            f"{schema.head}: `sovet upgrade` brings it up to date (this command only reads, "
            "and changed nothing)"
        )
    return schema


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
