"""Database engine, sessions and the declarative base with named constraints."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import ClassVar

from sqlalchemy import DateTime, MetaData, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .config import get_settings

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {datetime: DateTime(timezone=True)}


def utcnow() -> datetime:
    return datetime.now(UTC)


@lru_cache
def get_engine() -> Engine:
    return create_engine(
        get_settings().sqlalchemy_url, pool_size=10, max_overflow=30, pool_pre_ping=True
    )


@lru_cache
def _session_factory() -> sessionmaker[Session]:
    return sessionmaker(get_engine(), expire_on_commit=False)


def new_session() -> Session:
    return _session_factory()()


def session_scope() -> Iterator[Session]:
    """A session for one request; rolled back if the request fails before committing."""
    session = new_session()
    try:
        yield session
    finally:
        try:
            session.close()
        except OperationalError as exc:
            # The database went away (restarted) while this request was answered: there is
            # nothing left to roll back, and raising after the answer was sent would make the
            # server drop the client's connection.
            log.warning("a database connection was lost while a session closed: %s", exc.orig)
