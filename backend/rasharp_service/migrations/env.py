from alembic import context
from sqlalchemy import create_engine, pool

from rasharp_service.all_models import Base
from rasharp_service.config import get_settings

target_metadata = Base.metadata


def database_url() -> str:
    return context.config.attributes.get("database_url") or get_settings().sqlalchemy_url


def run_offline() -> None:
    context.configure(
        url=database_url(), target_metadata=target_metadata, literal_binds=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
