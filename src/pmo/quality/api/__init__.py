"""REST API of deliverables and quality."""
