"""Shared plumbing of every feature: the change envelope (context), database setup, the working-day calendar, unit scope, the settings registry, sign-in, the error log."""
