"""Writing output files so that a crash or an interrupt never leaves half a file.

Output: ``atomic_write(path)``, a context manager yielding a text handle on a temporary sibling of ``path`` that is
synced and renamed into place when the block ends, and removed if it raises.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_write(path: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """Write UTF-8 text to ``path`` all at once: readers see the old file or the whole new one, never a part."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline=newline, dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)  # a temporary file is private; outputs are meant to be shared
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
