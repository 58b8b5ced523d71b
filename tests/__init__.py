"""Tests for the Copier template."""
