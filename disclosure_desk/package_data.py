"""Where the package's own data (fonts, letter templates, translations) lives, for every layer.

The files ship inside the package (``disclosure_desk/resources``) and are found through
``importlib.resources``, so an editable checkout, a wheel and a frozen build all find them.
Env ``DISCLOSURE_DESK_RESOURCES`` points at another folder of the same shape (tests, local
templates).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

RESOURCES_ENV = "DISCLOSURE_DESK_RESOURCES"


def resources_dir() -> Path:
    """The resources folder: env DISCLOSURE_DESK_RESOURCES, else the one inside the package."""
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    # The package is installed as plain files (checkout, wheel, one-folder build), never zipped.
    return Path(str(resources.files("disclosure_desk") / "resources"))


def resource_path(*parts: str) -> Path:
    """A file or folder under the resources folder (it may not exist; callers say what is missing)."""
    return resources_dir().joinpath(*parts)
