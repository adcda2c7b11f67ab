"""Shared test machinery: personas, permission battery, query counting, data-folder access."""
