"""Schema migrations (Alembic), shipped inside the package and run at start-up."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

__all__ = ["migrate", "alembic_config"]


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "rahbord.store:migrations")
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` up to ``revision`` (idempotent)."""
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # several app processes may start at once: one migrates, the others wait
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7226823)")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
