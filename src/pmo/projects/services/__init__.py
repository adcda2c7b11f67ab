"""Writes of the projects app, one module per area; the project's own services re-exported here."""

from pmo.projects.services.nodes import project_create, project_delete, project_move, project_update

__all__ = ["project_create", "project_delete", "project_move", "project_update"]
