"""A webhook receiver on loopback for the load tests: answers every POST with 204 and records what
came (delivery id, message id, case, type, whether the signature held), in the order received.
Python 3 standard library only."""

import hashlib
import hmac
import http.server
import json
import threading
import time


class WebhookReceiver:
    def __init__(self, secret):
        self.secret = secret.encode()
        self.received = []  # dicts in arrival order; guarded by _lock
        self._lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the dispatcher prefers

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver._record(self.headers, body)
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a sender killed in the middle of a request: expected here, and nothing to record

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def snapshot(self):
        with self._lock:
            return list(self.received)

    def _record(self, headers, body):
        timestamp = headers.get("Webhook-Timestamp", "")
        expected = "v1=" + hmac.new(self.secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        message = json.loads(body)
        entry = {
            "delivery_id": headers.get("Webhook-Id"),
            "message_id": message.get("id"),
            "case_id": message.get("case_id"),
            "type": message.get("type"),
            "body": body,
            "signed": hmac.compare_digest(expected, headers.get("Webhook-Signature", "")),
            "at": time.monotonic(),
        }
        with self._lock:
            self.received.append(entry)
