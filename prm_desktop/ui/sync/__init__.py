"""Sync in the desktop app: the Sync menu, the status-bar widget, sign-in and the Conflicts view."""
