"""A real `amtsweg serve` for the load tests (chaos test, soak): a database in a work directory,
tokens issued through the command line, a loopback ephemeral port, SIGKILL and restart on the same
database, and a graceful stop. Python 3 standard library only."""

import os
import re
import signal
import subprocess
import time

SERVING = re.compile(r"^Serving (http://127\.0\.0\.1:(\d+))/api/v1 ", re.MULTILINE)


class ServerError(Exception):
    pass


class Server:
    """One database, served by one `amtsweg serve` process at a time. Each start appends the
    server's output to serve.log in the work directory and picks a new ephemeral port."""

    def __init__(self, amtsweg, work_dir, processes_dir, extra_args=(), db=None, name="serve"):
        """`db`: a postgresql:// URL that several servers share (default: chaos.db in work_dir);
        `name`: the server's log file (NAME.log) and, with a URL, its --node."""
        self.amtsweg = amtsweg
        self.db = db or os.path.join(work_dir, "chaos.db")
        self.name = name
        self.log_path = os.path.join(work_dir, f"{name}.log")
        self.processes_dir = processes_dir
        self.extra_args = list(extra_args)
        self.process = None
        self.url = None
        self.starts = 0

    def cli(self, *args, check=True):
        """Runs `amtsweg ARGS...` (another process on the same database); returns its result."""
        result = subprocess.run([self.amtsweg, *args], capture_output=True, text=True, timeout=300)
        if check and result.returncode != 0:
            raise ServerError(f"amtsweg {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def issue_token(self, tenant, name, roles):
        return self.cli("token", "create", "--db", self.db, "--tenant", tenant, "--name", name, "--roles", roles).stdout.strip()

    def supports_option(self, option, value):
        """Whether this build's `serve` knows --OPTION (it refuses unknown options before anything else)."""
        result = self.cli("serve", f"--{option}", value, check=False)
        return f"unknown option --{option}" not in result.stderr

    def start(self, timeout=60):
        """Starts the server and waits until it listens; returns its base URL (http://127.0.0.1:PORT)."""
        if self.process is not None:
            raise ServerError("the server is already running")
        with open(self.log_path, "ab") as log:
            log.write(f"--- start {self.starts + 1}\n".encode())
            log.flush()
            offset = log.tell()
            self.process = subprocess.Popen(
                [self.amtsweg, "serve", "--db", self.db, "--port", "0", "--processes", self.processes_dir,
                 "--request-log", "off", "--rate-limit", "0", *self._node_args(), *self.extra_args],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = SERVING.search(self._log_since(offset))
            if match:
                self.url = match.group(1)
                self.starts += 1
                return self.url
            if self.process.poll() is not None:
                code, self.process = self.process.returncode, None
                raise ServerError(f"the server exited {code} before it served:\n{self._log_since(offset)}")
            time.sleep(0.02)
        self.kill()
        raise ServerError(f"the server did not listen within {timeout} s")

    def kill(self):
        """SIGKILL: no chance to finish anything (what a power cut or the OOM killer does)."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process, self.url = None, None

    def stop(self, timeout=60):
        """SIGTERM (graceful); returns the exit status."""
        if self.process is None:
            return None
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process, self.url = None, None
        return code

    def _node_args(self):
        return ["--node", self.name] if self.db.startswith("postgresql://") else []

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def log_tail(self, lines=40):
        if not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, errors="replace") as log:  # without the scheduler's routine reports
            return "".join([line for line in log if not line.startswith("scheduler: ")][-lines:])

    def _log_since(self, offset):
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")
