"""Tests for the integration."""
