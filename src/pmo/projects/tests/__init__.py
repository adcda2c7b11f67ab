"""Tests of the projects app."""
