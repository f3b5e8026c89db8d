"""Package list for setuptools: top-level `resources/` and `migrations/` ship inside the package.

Everything else is in pyproject.toml; this file only exists because pyproject cannot combine
automatic package discovery with these two mapped folders.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["prm_desktop", "prm_desktop.*"]),
        *find_packages(include=["prm_server", "prm_server.*"]),  # the sync server (``server`` extra)
        "prm_desktop.resources",
        "prm_desktop.migrations",
        "prm_desktop.migrations.versions",
    ],
)
