"""The simulations API (``/api/v1/simulations/``, ``/api/v1/simulation-estimates/``)."""
