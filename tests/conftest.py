"""Test-suite wide settings."""

from hypothesis import HealthCheck, settings

# Timing stays out of the unit tests: machines here are shared and noisy, so
# hypothesis' per-example deadline would fail at random.  Speed is measured in
# benchmarks/ instead.
settings.register_profile("rahbord", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("rahbord")


def pytest_configure(config):
    """The tests' compiled report templates go to a folder of their own, not the user's ~/.cache (subprocesses
    inherit it)."""
    import os
    import tempfile

    os.environ.setdefault("RAHBORD_CACHE_DIR", tempfile.mkdtemp(prefix="rahbord-test-cache-"))
