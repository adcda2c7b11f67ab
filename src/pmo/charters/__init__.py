"""Project charters: objectives, scope in and out, success criteria, assumptions, constraints, and
their approval by the sponsor (docs/adr/0008-workspace-apps.md)."""
