"""Tests of the programs app."""
