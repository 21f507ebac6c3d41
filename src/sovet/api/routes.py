"""The JSON API, mounted under /api: members, councils and the federation, motions and
votes, factions, elections, the record."""

from __future__ import annotations

from fastapi import APIRouter

from sovet.api import (
    books,
    councils,
    elections,
    factions,
    members,
    motions,
    planning,
    recall,
    record,
)

router = APIRouter()
router.include_router(members.router)
router.include_router(councils.router)
router.include_router(motions.router)
router.include_router(factions.router)
router.include_router(elections.router)
router.include_router(recall.router)
router.include_router(books.router)
router.include_router(planning.router)
router.include_router(record.router)
