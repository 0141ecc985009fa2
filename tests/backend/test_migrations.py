"""The migrations build exactly the tables the models describe, and can be undone."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from rasharp_service.all_models import Base
from rasharp_service.migrate import alembic_config


@pytest.fixture
def empty_database():
    url = make_url(os.environ["DATABASE_URL"])
    name = f"rasharp_migrations_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_migrations_match_the_models_and_downgrade_cleanly(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    command.downgrade(config, "base")
    with engine.connect() as connection:
        tables = (
            connection.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
            .scalars()
            .all()
        )
    assert tables == ["alembic_version"]
    command.upgrade(config, "head")
    engine.dispose()


def test_names_differing_only_in_case_stop_the_upgrade_with_their_names(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "5b7e0c41d2a9")  # before usernames became unique regardless of case
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        team = connection.exec_driver_sql(
            "INSERT INTO teams (name, created_at) VALUES ('t', now()) RETURNING id"
        ).scalar_one()
        for name in ("admin", "ADMIN"):
            connection.exec_driver_sql(
                "INSERT INTO users (username, password_hash, team_id, is_admin, is_active, "
                "created_at) VALUES (%s, 'x', %s, false, true, now())",
                (name, team),
            )
    with pytest.raises(RuntimeError, match="differ only in case: ADMIN / admin"):
        command.upgrade(config, "head")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE users SET username = 'admin-2' WHERE username = 'ADMIN'")
    command.upgrade(config, "head")
    engine.dispose()
