"""Benchmarks: scripts that start the real server and print figures (nothing is asserted)."""
