"""The JSON API, mounted under /api: members, councils and the federation, the record."""

from __future__ import annotations

from fastapi import APIRouter

from sovet.api import councils, members, record

router = APIRouter()
router.include_router(members.router)
router.include_router(councils.router)
router.include_router(record.router)
