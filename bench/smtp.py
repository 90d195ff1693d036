"""A real SMTP server for the benchmarks (aiosmtpd, 127.0.0.1), in a process of its own.

`python -m bench.smtp PORT REPORT`: accepts every message and, when stopped (SIGTERM), writes
how many messages came and how many distinct Message-IDs they had to REPORT (JSON).
"""

import contextlib
import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.load import wait_for_port

ROOT = Path(__file__).resolve().parent.parent


class Counter:
    def __init__(self):
        self.ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                self.ids.append(line.split(b":", 1)[1].strip().decode())
                break
            if not line:
                break
        return "250 OK"


def serve(port: int, report: Path) -> None:
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stopped.set())
    stopped.wait()
    controller.stop()
    report.write_text(json.dumps({"messages": len(counter.ids), "distinct": len(set(counter.ids))}))


@contextlib.contextmanager
def smtp_server(port: int, report: Path):
    """Run the server in its own process; yields once it listens, reports when it stops."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.smtp", str(port), str(report)], cwd=ROOT
    )
    try:
        if not wait_for_port(port):
            raise RuntimeError("the SMTP server did not start")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def received(report: Path) -> dict:
    return json.loads(report.read_text())


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]))
