"""`uvicorn cleavr_connect.asgi:app`: the service configured from the environment."""

from cleavr_connect.app import create_app, freeze_startup_objects

app = create_app()
freeze_startup_objects()
