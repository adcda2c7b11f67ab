"""pmo: an open-source platform for Project, Program and Portfolio Management Offices."""

__version__ = "0.1.0"
