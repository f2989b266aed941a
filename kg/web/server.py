"""Running the application with uvicorn (the ASGI server)."""

from __future__ import annotations

import uvicorn

from .app import create_app
from .settings import ServeSettings


def serve(settings: ServeSettings) -> None:
    """Serve until interrupted. Errors at start (the port is taken) are uvicorn's own lines."""
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning",
                server_header=False, date_header=False, access_log=False)
