"""Plumbing shared by the views: dialogs, the crash dialog, table models, the background worker, the change notification, the view base class."""
