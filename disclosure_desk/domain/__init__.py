"""Disclosure Desk package."""
