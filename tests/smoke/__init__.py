"""Helpers of the smoke test, run as separate processes."""
