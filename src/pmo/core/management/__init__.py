"""Management commands of pmo (run as ``pmo <command>``)."""
