"""`python -m cleavr_connect.reading.child PATH CONTENT_TYPE [SIRET]`: one document read in a
process of its own, its extraction printed as one JSON line.

The OCR queue's workers run each job here rather than in their own process: Tesseract and
page rendering get a memory ceiling, a job that overruns its time is killed with everything it
started (its process group), and a worker that stops takes no half-read page down with it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

from cleavr_connect.reading.files import DocumentRejected

# Address space of the reading process and what it starts (Tesseract): well above a 20-page
# scan at the pixel budget, far below the machine.
MEMORY_LIMIT_BYTES = 3 * 1024**3


def main(argv: list[str]) -> int:
    path, content_type = argv[0], argv[1]
    siret = argv[2] if len(argv) > 2 and argv[2] else None
    os.environ["OMP_THREAD_LIMIT"] = "1"
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > MEMORY_LIMIT_BYTES:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, hard))
    from cleavr_connect.reading.extract import analyse

    result: dict[str, Any]
    refusal: DocumentRejected | None = None
    try:
        result = {"extraction": analyse(Path(path).read_bytes(), content_type, siret)}
    except FileNotFoundError:
        refusal = DocumentRejected("file_missing", "The uploaded file is no longer available.")
    except DocumentRejected as exc:
        refusal = exc
    except MemoryError:
        refusal = DocumentRejected("ocr_failed", "The document needs more memory than allowed.")
    if refusal is not None:
        result = {"rejected": [refusal.code, refusal.message]}
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
