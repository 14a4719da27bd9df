"""`socialvalue serve`: the published dashboards on a local web server, for a quick look.

The site needs no server (open `site/index.html` from a shared drive); this is a convenience.
"""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import typer

from socialvalue.cli.output import UserError, console, guarded


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder only, never cached, quietly."""

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


def serve(
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on (default: this computer only)."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Serve the published dashboards (the data folder's site/) at http://HOST:PORT until
    Ctrl+C."""
    from socialvalue.settings import paths

    with guarded(verbose):
        server = make_server(paths().site, host, port)
    shown_host = "127.0.0.1" if host in ("", "0.0.0.0") else host
    console.print(f"Serving {paths().site} at [bold]http://{shown_host}:"
                  f"{server.server_address[1]}/[/] (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print("Stopped.")
    finally:
        server.server_close()
