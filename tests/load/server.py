"""gunicorn serving a sandbox on a free loopback port, with production settings over plain http."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.load.sandbox import PYTHON, REPO, Sandbox

GUNICORN = Path(PYTHON).with_name("gunicorn")


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path  # gunicorn's and Django's stderr: tracebacks and lock errors would show here

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) the gunicorn workers (the master's children) have used so far."""
        ticks = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
            if int(fields[1]) == self.process.pid:  # ppid
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def problems(self) -> list[str]:
        """Log lines that mean a request failed inside the server."""
        markers = ("Traceback", "LockError", "Internal Server Error", "WORKER TIMEOUT")
        return [
            line for line in self.log.read_text().splitlines() if any(m in line for m in markers)
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(sandbox: Sandbox, *, workers: int = 3, timeout: float = 60) -> Server:
    """Start gunicorn on 127.0.0.1 (as `make serve` does, minus its checks) and wait until it answers."""
    port = free_port()
    log = sandbox.root / "server.log"
    env = sandbox.env(
        DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0", ALLOWED_HOSTS="127.0.0.1"
    )
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [str(GUNICORN), "archive.wsgi", "--config", "scripts/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--no-control-socket",
             "--timeout", "60"],
            cwd=REPO,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(process, port, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/search.json", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.stop()
    raise TimeoutError("gunicorn did not answer in time")
