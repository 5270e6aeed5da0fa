"""A small JSON client of the amtsweg REST API for the load tests: HTTP/1.1 keep-alive on one
connection per client (one client per thread), following the server to a new URL after a restart.
Python 3 standard library only."""

import http.client
import json
import urllib.parse


class NoAnswer(Exception):
    """The request got no HTTP answer (refused, reset, timed out): it may or may not have been applied."""


class Api:
    def __init__(self, base_url, token, timeout=15):
        """`base_url` is a string or a callable returning the current one (None while the server is down)."""
        self._base_url = base_url if callable(base_url) else (lambda: base_url)
        self.token = token
        self.timeout = timeout
        self._connection = None
        self._connected_to = None

    def call(self, method, path, body=None, headers=None):
        """Sends one request; returns (status, decoded JSON or None). Raises NoAnswer when no answer came."""
        url = self._base_url()
        if url is None:
            raise NoAnswer("the server is down")
        request_headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request_headers["Content-Type"] = "application/json"
        request_headers.update(headers or {})
        # A GET on a kept-alive connection that the server closed while it was idle (a node that
        # served nothing for a while) is sent once more on a new connection; it changes nothing.
        # Other requests are never resent here: the caller decides, as their effect is unknown.
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            reused = self._connection is not None and self._connected_to == url
            try:
                connection = self._connection_to(url)
                connection.request(method, path, body=data, headers=request_headers)
                response = connection.getresponse()
                payload = response.read()
                break
            except (OSError, http.client.HTTPException) as error:
                self.close()
                stale = reused and isinstance(error, (http.client.RemoteDisconnected, ConnectionResetError,
                                                      BrokenPipeError))
                if stale and attempt + 1 < attempts:
                    continue
                raise NoAnswer(f"{method} {path}: {error!r}") from error
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        decoded = None
        if payload and response.getheader("Content-Type", "").startswith("application/json"):
            decoded = json.loads(payload)
        return response.status, decoded

    def get_all(self, path, key, page_size=500):
        """Every item of a paged list route (`limit`, `after`, `next`); raises on any error."""
        items, after = [], None
        while True:
            query = {"limit": page_size}
            if after:
                query["after"] = after
            separator = "&" if "?" in path else "?"
            status, body = self.call("GET", f"{path}{separator}{urllib.parse.urlencode(query)}")
            if status != 200:
                raise RuntimeError(f"GET {path}: {status} {body}")
            items.extend(body[key])
            after = body["next"]
            if not after:
                return items

    def copy(self):
        """Another client (its own connection, for another thread) of the same server and token."""
        return Api(self._base_url, self.token, self.timeout)

    def close(self):
        if self._connection is not None:
            self._connection.close()
        self._connection, self._connected_to = None, None

    def _connection_to(self, url):
        if self._connection is None or self._connected_to != url:
            self.close()
            parsed = urllib.parse.urlsplit(url)
            self._connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=self.timeout)
            self._connected_to = url
        return self._connection
