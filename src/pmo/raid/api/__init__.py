"""REST API of RAID logs."""
