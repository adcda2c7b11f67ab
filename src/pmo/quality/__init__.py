"""Deliverables and quality: acceptance criteria, quality reviews, defects, checklists and the
acceptance sign-off (docs/adr/0008-workspace-apps.md)."""
