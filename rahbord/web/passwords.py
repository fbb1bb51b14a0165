"""What a new password must be: long enough, not a common one, not one character over and over.

NIST SP 800-63B §5.1.1.2 asks a verifier to refuse passwords found in lists of
commonly used or compromised ones and not to impose composition rules
(a capital, a digit, …); rahbord follows it: at least ``MIN_LENGTH``
characters, at least ``MIN_DISTINCT`` different ones (``aaaaaaaaaa`` and
``abababababab`` are refused), not in ``common-passwords.txt`` (shipped in
the package; its header says where it comes from), not such a password with
digits or symbols added at either end (``password2024!``), and not the
e-mail address.
"""

from __future__ import annotations

import functools
import string
from importlib.resources import files

__all__ = ["MIN_LENGTH", "MIN_DISTINCT", "password_problem", "common_passwords"]

MIN_LENGTH = 10
MIN_DISTINCT = 5
_PADDING = string.digits + string.punctuation + " "


@functools.cache
def common_passwords() -> frozenset[str]:
    text = (files("rahbord.web") / "common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """The catalogue key of what is wrong with ``password`` as a new password, or None when it will do."""
    if len(password) < MIN_LENGTH:
        return "short_password"
    if len(set(password)) < MIN_DISTINCT:
        return "monotonous_password"
    lowered = password.lower()
    core = lowered.strip(_PADDING)
    common = common_passwords()
    if lowered in common or (len(core) >= 4 and core in common) or not core:
        return "common_password"
    email = email.strip().lower()
    if email and (lowered == email or lowered == email.split("@", 1)[0]):
        return "email_password"
    return None
