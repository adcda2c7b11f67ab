"""``/api/v1/`` endpoints of budget lines and cost entries."""
