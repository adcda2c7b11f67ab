"""Tests of the engine writers."""
