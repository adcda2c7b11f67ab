"""``/api/v1/`` endpoints of status reports and reporting settings."""
