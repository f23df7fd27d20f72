"""The demo corpus that ships inside the package."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def samples_path() -> Path:
    """The folder of the bundled sample articles (five flattened pages and a manifest.csv)."""
    folder = resources.files("corpus") / "samples"
    if isinstance(folder, Path):
        return folder
    # Installed in a zip or another non-file loader: copy the files out once per process.
    target = Path(tempfile.mkdtemp(prefix="newsdesk-samples-"))
    for entry in folder.iterdir():
        if entry.is_file():
            with entry.open("rb") as source, (target / entry.name).open("wb") as copy:
                shutil.copyfileobj(source, copy)
    return target
