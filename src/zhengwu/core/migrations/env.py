"""Alembic environment: run against the engine zhengwu hands over (never an alembic.ini URL)."""

from alembic import context

from zhengwu.core.base import compared
from zhengwu.tables import metadata

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=compared,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
