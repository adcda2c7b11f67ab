"""``pmo serve``, ``pmo demo``, ``pmo createadmin`` and ``pmo worker``."""
