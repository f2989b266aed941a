"""Safe by default, for every response: a Content-Security-Policy as strict as `kg viz`'s (only our
own scripts and styles, no connection but to this server, nothing framed from elsewhere), the
headers that keep a browser from guessing types or sending referrers, a Host check against DNS
rebinding on a loopback server, and the access token when one is configured."""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import quote

from .settings import LOOPBACK_NAMES, ServeSettings

# Pages: scripts and styles only from files this server serves (no inline code at all), data only
# from this server, no plugins, no forms posting elsewhere, never framed by another site.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; form-action 'self'; frame-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
# The query page: YASGUI's table sets element styles through markup, so styles may be inline there,
# as `kg viz`'s page allows them; scripts stay 'self' only (no inline script, no eval).
QUERY_PAGE_CSP = PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
COOKIE = "kg_token"
PUBLIC_PATHS = ("/login", "/static/")  # shipped assets and the login form hold no data


class SecurityMiddleware:
    """Pure ASGI middleware (it does not buffer bodies, so downloads stream)."""

    def __init__(self, app, settings: ServeSettings):
        self.app = app
        self.token = settings.token
        self.hosts = None
        if settings.loopback:
            self.hosts = {h.lower() for h in (*LOOPBACK_NAMES, "[::1]", settings.host)}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.hosts is not None and _hostname(headers.get("host", "")) not in self.hosts:
            return await _plain(send, 421, "this server only answers requests addressed to "
                                           "127.0.0.1 or localhost")
        path = scope["path"]
        if self.token and not path.startswith(PUBLIC_PATHS) and not self._authorised(headers):
            if scope["method"] == "GET" and "text/html" in headers.get("accept", ""):
                return await _redirect(send, "/login?next=" + quote(path, safe="/"))
            return await _plain(send, 401, "an access token is required: send it as "
                                           "'Authorization: Bearer TOKEN'",
                                [(b"www-authenticate", b'Bearer realm="kg serve"')])

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = _with_security_headers(message.get("headers", []),
                                                            cache=path.startswith("/static/"))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _authorised(self, headers: dict[str, str]) -> bool:
        given = ""
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        elif "cookie" in headers:
            jar = SimpleCookie()
            try:
                jar.load(headers["cookie"])
            except Exception:  # noqa: BLE001 - a malformed cookie header is just no token
                jar = SimpleCookie()
            if COOKIE in jar:
                given = jar[COOKIE].value
        return token_matches(given, self.token)


def token_matches(given: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _with_security_headers(headers: list[tuple[bytes, bytes]], cache: bool = False
                           ) -> list[tuple[bytes, bytes]]:
    """Our headers, unless the response set its own (the embedded chain view has its own CSP).
    Pages are never cached (they show the store as it is now); shipped assets may be."""
    have = {k.lower() for k, _ in headers}
    if cache:
        have.add(b"cache-control")
    out = list(headers)
    for name, value in ((b"content-security-policy", PAGE_CSP),
                        (b"x-content-type-options", "nosniff"),
                        (b"referrer-policy", "no-referrer"),
                        (b"x-frame-options", "DENY"),
                        (b"cross-origin-opener-policy", "same-origin"),
                        (b"cross-origin-resource-policy", "same-origin"),
                        (b"cache-control", "no-store")):
        if name not in have:
            out.append((name, value.encode("latin-1")))
    return out


async def _plain(send, status: int, text: str, extra: list | None = None) -> None:
    body = (text + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": _with_security_headers([(b"content-type", b"text/plain; charset=utf-8"),
                                                   (b"content-length", str(len(body)).encode()),
                                                   *(extra or [])])})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": _with_security_headers([(b"location", location.encode("latin-1")),
                                                   (b"content-length", b"0")])})
    await send({"type": "http.response.body", "body": b""})
