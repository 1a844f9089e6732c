"""`uvicorn cleavr_connect.asgi:app`: the service configured from the environment.

Each server process (`serve --workers N` starts them afresh) logs the service's own lines — one
per request with its `Request-Id`, warnings, errors — at the level `serve --log-level` passed down
(`CLEAVR_LOG_LEVEL`, default `info`), so that a request id a client quotes is found in the log.
"""

import logging
import os

from cleavr_connect.app import create_app, freeze_startup_objects

logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s %(message)s")
_LEVEL = os.environ.get("CLEAVR_LOG_LEVEL", "info").upper()
logging.getLogger("cleavr_connect").setLevel("DEBUG" if _LEVEL == "TRACE" else _LEVEL)

app = create_app()
freeze_startup_objects()
