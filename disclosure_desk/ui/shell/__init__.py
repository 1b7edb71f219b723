"""The window around the views: app entry, main window, sign-in, session lock."""
