"""The JSON API, mounted under /api: members, councils and the federation, motions and
votes, factions, elections, the record.

The app includes each router on its own (not one router including the others): FastAPI
matches a request once per level of nesting, which showed in every request's time."""

from __future__ import annotations

from fastapi import APIRouter

from sovet.api import (
    books,
    calendar,
    councils,
    elections,
    email,
    factions,
    members,
    motions,
    password,
    planning,
    recall,
    record,
)

ROUTERS: tuple[APIRouter, ...] = (
    members.router,
    password.router,
    email.router,
    councils.router,
    motions.router,
    factions.router,
    elections.router,
    recall.router,
    books.router,
    calendar.router,
    planning.router,
    record.router,
)
