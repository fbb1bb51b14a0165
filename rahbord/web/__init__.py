"""rahbord.web — the planner's workspace (FastAPI, server-rendered pages).

``create_app(settings)`` builds the app; ``rahbord serve`` runs it with uvicorn.
"""

from __future__ import annotations

import os

from .settings import Settings

__all__ = ["create_app", "Settings", "app_from_environment"]


def create_app(settings: Settings | None = None):
    from .app import create_app as _create

    return _create(settings)


def app_from_environment():
    """The app as ``rahbord serve`` configures it through the environment (one per worker process)."""
    settings = Settings(allow_signup=os.environ.get("RAHBORD_NO_SIGNUP") != "1")
    return create_app(settings)
