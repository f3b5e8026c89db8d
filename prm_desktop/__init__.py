"""PRM Desktop: a partner relationship manager for field channel managers."""

__version__ = "0.1.0"
APP_NAME = "PRM Desktop"
