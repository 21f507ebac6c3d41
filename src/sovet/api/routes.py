"""The JSON API, mounted under /api: members, councils and the federation, motions and
votes, factions, the record."""

from __future__ import annotations

from fastapi import APIRouter

from sovet.api import councils, factions, members, motions, record

router = APIRouter()
router.include_router(members.router)
router.include_router(councils.router)
router.include_router(motions.router)
router.include_router(factions.router)
router.include_router(record.router)
