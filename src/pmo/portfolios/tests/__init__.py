"""Tests of the portfolios app."""
