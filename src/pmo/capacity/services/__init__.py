"""Writes of the capacity app (what-if scenarios)."""

from pmo.capacity.services.scenarios import scenario_create, scenario_delete, scenario_update

__all__ = ["scenario_create", "scenario_delete", "scenario_update"]
