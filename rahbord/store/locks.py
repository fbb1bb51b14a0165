"""Serialising changes to one study across threads and app processes.

Some changes read the study's rows and then write based on what they read:
the next expert id (``E007``), the one *current* upload of an expert.  Two
requests doing that at once — two app processes, or two threads of one —
would both read the same state and then clash (two experts ``E007``: a
unique-constraint error) or, worse, both succeed (two current answers for
one expert, counted twice by the next analysis).  :func:`lock_study` makes
them take turns on the study's row until the transaction ends.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import Study

__all__ = ["lock_study"]


def lock_study(session: Session, study_id: int) -> None:
    """Hold the study's row until ``session`` commits or rolls back; reads after this see the others' commits.

    PostgreSQL: ``SELECT … FOR UPDATE`` (a row lock; each later statement in
    READ COMMITTED reads a fresh snapshot).  SQLite has no row locks: a no-op
    ``UPDATE`` starts the write transaction now, so the one-writer lock is
    taken before the reads it must protect (waiting up to the busy timeout).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Study.id).where(Study.id == study_id).with_for_update())
    else:
        session.execute(update(Study).where(Study.id == study_id).values(id=Study.id)
                        .execution_options(synchronize_session=False))
