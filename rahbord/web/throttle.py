"""A brake on password guessing: failed sign-ins counted per account and per client address.

After ``threshold`` failures in a row the key is locked for ``BASE_LOCK``,
and each further failure after a lock doubles the wait, up to ``MAX_LOCK``
(OWASP Authentication Cheat Sheet, "account lockout": a delay that grows, not
a permanent lock an attacker could use to keep the owner out).  While a key is
locked every attempt is answered 429 with ``Retry-After`` — the password is
not even checked, so the answer tells nothing — and is not counted, so an
attacker's stream of guesses cannot stretch the lock: once the window is
over, the right password works from anywhere, and a success clears the
account's count.  An address's count is kept through its successes (signing
into one's own account between guesses must not reset it) and forgotten
after ``FORGET_AFTER`` without a failure.  The counts live in the database,
so every app process of an installation brakes alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, update
from sqlalchemy.orm import Session

from rahbord.store import SignInFailures

from .sessions import aware

__all__ = ["account_key", "address_key", "retry_after", "record_failure", "clear", "ACCOUNT_THRESHOLD",
           "ADDRESS_THRESHOLD", "BASE_LOCK", "MAX_LOCK", "FORGET_AFTER"]

ACCOUNT_THRESHOLD = 5  # wrong passwords for one account before it waits
ADDRESS_THRESHOLD = 10  # an address may be an office behind one NAT: a little more room
BASE_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)


def account_key(email: str) -> str:
    return "account:" + email.strip().lower()[:320]


def address_key(address: str) -> str:
    return "address:" + address[:64]


def _threshold(key: str) -> int:
    return ACCOUNT_THRESHOLD if key.startswith("account:") else ADDRESS_THRESHOLD


def lock_for(failures: int, threshold: int) -> timedelta:
    """How long a key waits after its ``failures``-th failure in a row (zero below the threshold)."""
    if failures < threshold:
        return timedelta(0)
    return min(MAX_LOCK, BASE_LOCK * 2 ** min(failures - threshold, 20))


def retry_after(db: Session, keys: list[str], now: datetime) -> int:
    """Seconds until every one of ``keys`` may try again (0: now)."""
    wait = timedelta(0)
    for key in keys:
        row = db.get(SignInFailures, key)
        if row is not None and row.locked_until is not None:
            wait = max(wait, aware(row.locked_until) - now)
    return int(-(-wait.total_seconds() // 1))  # rounded up: never invite a retry a moment too soon


def record_failure(db: Session, keys: list[str], now: datetime) -> None:
    """Count one failed sign-in against each key, locking those past their threshold."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for key in keys:
        # two processes may count the same key at once: insert-if-absent, then one atomic increment
        db.execute(insert(SignInFailures).values(key=key, failures=0, last_failure_at=now)
                   .on_conflict_do_nothing())
        db.execute(update(SignInFailures).where(SignInFailures.key == key).values(
            failures=case((SignInFailures.last_failure_at < now - FORGET_AFTER, 1),
                          else_=SignInFailures.failures + 1),
            last_failure_at=now,
        ))
        row = db.get(SignInFailures, key, populate_existing=True)
        wait = lock_for(row.failures, _threshold(key))
        row.locked_until = now + wait if wait else None
    db.commit()


def clear(db: Session, key: str) -> None:
    """Forget a key's failures (the account's, after its right password)."""
    db.execute(delete(SignInFailures).where(SignInFailures.key == key))
    db.commit()
