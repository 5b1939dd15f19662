"""Checks of the archive against hostile content (see xss_sweep)."""
