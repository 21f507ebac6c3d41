"""A migration that derives a column of planning from what is stored fills it in for the
rows there: each published round's shortfall, from its balance."""

from __future__ import annotations

import pytest
from alembic import command

from sovet.adapters.migrate import alembic_config, migrate
from sovet.adapters.sql import for_writing
from sovet.domain.planning import shortfall_share
from sovet.services.publish_round import PublishRound, publish_next_round

from .federation import Federation
from .planning import build_planning


def test_the_shortfall_of_each_published_round_is_filled_in_from_its_balance(
    federation: Federation,
) -> None:
    plan = build_planning(federation, bread=80_000)
    publish_next_round(federation.sovet.db, PublishRound(plan.period.id), actor=plan.books.vera)
    engine = federation.sovet.db.engine
    config = alembic_config()
    with for_writing(engine.connect()) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
        conn.commit()
    migrate(engine)

    with federation.sovet.db.reading() as store:
        [published] = store.plan_rounds(plan.period.id)
    assert published.shortfall == shortfall_share(published.balance)
    assert published.shortfall == pytest.approx(1 - 50_000 / 80_000)
