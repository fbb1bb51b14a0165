"""Test-suite wide settings."""

from hypothesis import HealthCheck, settings

# Timing stays out of the unit tests: machines here are shared and noisy, so
# hypothesis' per-example deadline would fail at random.  Speed is measured in
# benchmarks/ instead.
settings.register_profile("rahbord", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("rahbord")
