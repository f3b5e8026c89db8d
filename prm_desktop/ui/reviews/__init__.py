"""Review packs in the app: the dialog (audience, period, progress, cancel) and the preview."""
