"""`socialvalue serve`: the published dashboards on a local web server, for a quick look.

The site needs no server (open `site/index.html` from a shared drive); this is a convenience.
"""

from __future__ import annotations

import functools
import socket
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import typer

from socialvalue.cli.output import UserError, console, escape, guarded

EVERY_ADDRESS = ("", "0.0.0.0", "::")


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder only, never cached, quietly: no folder listings, and a
    `Server` header that names no software version."""

    server_version = "socialvalue"

    def version_string(self) -> str:
        return self.server_version

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")
        return None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server of `site` (port 0: any free port; see `server.server_address`)."""
    if not (site / "index.html").is_file():
        raise UserError(f"no dashboards published in {site}: run socialvalue demo (sample data) "
                        "or socialvalue publish")
    handler = functools.partial(SiteHandler, directory=str(site))
    try:
        return ThreadingHTTPServer((host, port), handler)
    except OSError as err:
        raise UserError(f"cannot serve on {host}:{port} ({err.strerror or err}); try another "
                        "--port") from err


def port_of(server: ThreadingHTTPServer) -> int:
    return server.server_address[1]


def address(host: str, port: int) -> str:
    """Where people reach the server: on every address of this computer, by its name (and what
    that means said plainly); otherwise the address it listens on."""
    if host in EVERY_ADDRESS:
        return (f"http://{socket.gethostname()}:{port}/ (every network address of this "
                f"computer, {host or '0.0.0.0'}; on this computer also http://127.0.0.1:{port}/)")
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on (default: this computer only)."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Serve the published dashboards (the data folder's site/) at http://HOST:PORT until
    Ctrl+C."""
    from basics.settings import paths

    with guarded(verbose):
        server = make_server(paths().site, host, port)
    where = escape(address(host, port_of(server)))
    console.print(f"Serving {escape(str(paths().site))} at [bold]{where}[/] (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print("Stopped.")
    finally:
        server.server_close()
