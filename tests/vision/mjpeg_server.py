"""A tiny MJPEG-over-HTTP server on 127.0.0.1 for testing live sources.

It serves ``multipart/x-mixed-replace`` JPEGs of synthetic frames whose grey
level encodes the server ``session`` (how many times it was started), so a test
can tell frames sent after a restart from those sent before. It is bounded:
each connection sends at most ``max_frames`` frames, and stopping closes every
open connection at once, as a camera losing power would.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import cv2
import numpy as np

BOUNDARY = b"privacamframe"


def session_level(session: int) -> int:
    """The grey level of every frame served in ``session`` (1, 2, …)."""
    return min(40 * session, 255)


class MjpegServer:
    """Serve synthetic MJPEG at ``url``; ``stop()`` drops all clients, ``start()`` resumes."""

    def __init__(self, *, fps: float = 50.0, size: tuple[int, int] = (64, 48)) -> None:
        self.fps = fps
        self.size = size
        self.port = 0
        self.session = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self.max_frames = 2000  # per connection: bounds the traffic of a stuck test

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/stream.mjpg"

    def _jpeg(self) -> bytes:
        width, height = self.size
        image = np.full((height, width, 3), session_level(self.session), dtype=np.uint8)
        ok, buffer = cv2.imencode(".jpg", image)
        assert ok
        return buffer.tobytes()

    def start(self) -> None:
        """Listen on 127.0.0.1 (the same port after a restart) and serve a new session."""
        self.session += 1
        self._stopped = threading.Event()
        stopped, jpeg, owner = self._stopped, self._jpeg(), self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the name http.server calls
                self.send_response(200)
                self.send_header(
                    "Content-Type", f"multipart/x-mixed-replace; boundary={BOUNDARY.decode()}"
                )
                self.end_headers()
                part = (
                    b"--" + BOUNDARY + b"\r\nContent-Type: image/jpeg\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(jpeg) + jpeg + b"\r\n"
                )
                try:
                    for _ in range(owner.max_frames):
                        if stopped.wait(1.0 / owner.fps):
                            break
                        self.wfile.write(part)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Close the listener and every open connection."""
        self._stopped.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def restart_after(self, delay: float) -> threading.Thread:
        """Start again after ``delay`` seconds, in the background."""

        def later() -> None:
            time.sleep(delay)
            self.start()

        thread = threading.Thread(target=later, daemon=True)
        thread.start()
        return thread

    def __enter__(self) -> MjpegServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
