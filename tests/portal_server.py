"""A council portal on 127.0.0.1 for collection tests: real HTTP, in a thread of the test.

It serves what a test publishes at each path (files with ETag and Last-Modified, JSON, pages,
redirects, errors), answers conditional requests with 304 as real servers do, and records every
request (its headers, the status answered, the body bytes sent) so tests can say exactly what
a collection asked for.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/csv"
    validators: bool = True       # send ETag and Last-Modified
    location: str | None = None   # a redirect
    fail_first: int = 0           # answer 503 this many times first
    delay: float = 0.0            # seconds before answering
    length: bool = True           # send Content-Length
    modified: float = field(default_factory=lambda: time.time() - 86400)
    served: int = 0


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int
    body_bytes: int

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


class Portal:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def publish(self, path: str, body: bytes | str, **kwargs) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)
        return self.url(path)

    def publish_json(self, path: str, obj, **kwargs) -> str:
        return self.publish(path, json.dumps(obj), content_type="application/json", **kwargs)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, location=to)
        return self.url(path)

    def answer(self, path: str, status: int, body: str = "", **kwargs) -> str:
        self.routes[path] = Route(body=body.encode(), status=status,
                                  content_type="text/html", **kwargs)
        return self.url(path)

    def take_requests(self) -> list[Request]:
        with self.lock:
            taken, self.requests = self.requests, []
        return taken


def ckan_package(portal: Portal, resources: list[tuple[str, str, str]]) -> dict:
    """A CKAN package_show answer: (name, format, path) per resource."""
    return {"help": "package_show", "success": True, "result": {
        "name": "spend-over-500", "title": "Spend over £500", "resources": [
            {"id": hashlib.md5(path.encode()).hexdigest(), "name": name, "format": fmt,
             "url": portal.url(path)} for name, fmt, path in resources]}}


def links_page(portal: Portal, links: list[tuple[str, str]], extra: str = "") -> str:
    items = "\n".join(f'<li><a href="{href}">{text}</a></li>' for text, href in links)
    return ("<!DOCTYPE html><html><head><title>Expenditure over £500</title></head><body>"
            f"<h1>Expenditure over £500</h1><p><a href='/about'>About this data</a></p>"
            f"<ul>{items}</ul>{extra}</body></html>")


def _handler(portal: Portal):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            route = portal.routes.get(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, sent = self._serve(route, headers)
            with portal.lock:
                portal.requests.append(Request(self.path, headers, status, sent))

        def _serve(self, route: Route | None, headers: dict) -> tuple[int, int]:
            if route is None:
                return self._send(404, b"<html><body>Not found</body></html>", "text/html")
            if route.delay:
                time.sleep(route.delay)
            if route.served < route.fail_first:
                route.served += 1
                return self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
            route.served += 1
            if route.location:
                return self._send(route.status, b"", "text/html", {"Location": route.location})
            extra = {}
            if route.validators and route.status == 200:
                etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                modified = email.utils.formatdate(route.modified, usegmt=True)
                extra = {"ETag": etag, "Last-Modified": modified}
                if headers.get("if-none-match") == etag or (
                        "if-none-match" not in headers
                        and headers.get("if-modified-since") == modified):
                    return self._send(304, b"", None, extra)
            return self._send(route.status, route.body, route.content_type, extra,
                              length=route.length)

        def _send(self, status: int, body: bytes, content_type: str | None,
                  extra: dict | None = None, length: bool = True) -> tuple[int, int]:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            if status == 304:
                self.end_headers()
                return status, 0
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)
            return status, len(body)

    return Handler


@contextmanager
def running_portal() -> Iterator[Portal]:
    portal = Portal()
    portal.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(portal))
    portal.server.daemon_threads = True
    thread = threading.Thread(target=portal.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        portal.server.shutdown()
        portal.server.server_close()
        thread.join(timeout=5)
