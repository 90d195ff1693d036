"""A small HTTP load generator and a gunicorn runner, both bound to 127.0.0.1."""

import concurrent.futures
import contextlib
import http.client
import http.cookies
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, seconds: float = 30) -> bool:
    """Whether something listens on 127.0.0.1:port within the time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def gunicorn(app: str, env: dict, *, workers: int = 2):
    """Serve a WSGI app under gunicorn on 127.0.0.1 and yield its port."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
    ]
    process = subprocess.Popen(command, env={**os.environ, **env})
    try:
        if not wait_for_port(port):
            raise RuntimeError(f"gunicorn for {app} did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _client(port: int, path: str, seconds: float, results, method="GET", body=None, headers=None):
    latencies, errors = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status >= 500:
                errors += 1
        except OSError:
            errors += 1
        latencies.append(time.perf_counter() - start)
    results.append((latencies, errors))


def _process(port, path, seconds, threads, queue):
    results: list = []
    workers = [
        threading.Thread(target=_client, args=(port, path, seconds, results))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(results)


def hammer(port: int, path: str, *, seconds: float = 5.0, processes: int = 2, threads: int = 4):
    """Requests per second and latencies from processes × threads clients for a fixed time."""
    queue = multiprocessing.Queue()
    jobs = [
        multiprocessing.Process(target=_process, args=(port, path, seconds, threads, queue))
        for _ in range(processes)
    ]
    started = time.monotonic()
    for job in jobs:
        job.start()
    results = [item for _ in jobs for item in queue.get()]
    for job in jobs:
        job.join()
    elapsed = time.monotonic() - started
    latencies = sorted(lat for lats, _errors in results for lat in lats)
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": sum(errors for _lats, errors in results),
        "requests": len(latencies),
    }


def call(
    port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None
) -> tuple[int, dict]:
    """One JSON request to the server on 127.0.0.1; returns (status, decoded body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    payload = json.dumps(body).encode() if body is not None else None
    sent = {"Content-Type": "application/json"} if body is not None else {}
    try:
        connection.request(method, path, body=payload, headers={**sent, **(headers or {})})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return response.status, json.loads(data) if data else {}


class PageSession:
    """One browser against the server on 127.0.0.1: its cookies, and forms with their CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        """Send one request (a form is sent url-encoded); return (status, headers, text)."""
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, path: str) -> str:
        """GET a page, following redirects; return its text."""
        for _hop in range(5):
            status, headers, text = self.request("GET", path)
            if status not in (301, 302, 303):
                assert status == 200, (status, path)
                return text
            path = urllib.parse.urlsplit(headers["Location"]).path
        raise AssertionError(f"too many redirects from {path}")

    def csrf(self, path: str) -> str:
        """The CSRF token of the form on a page."""
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(path))
        assert match, f"no form with a CSRF token on {path}"
        return match.group(1)

    def login(self, email: str, password: str) -> None:
        token = self.csrf("/staff/login")
        form = {"csrf_token": token, "email": email, "password": password}
        status, _headers, _text = self.request("POST", "/staff/login", form)
        assert status == 302, status


def burst(port: int, requests: list[tuple[str, dict]], *, clients: int = 32, headers=None):
    """Send (path, JSON body) POSTs from `clients` threads at once; time each one."""

    def send(item):
        path, body = item
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(
                "POST",
                path,
                body=json.dumps(body),
                headers={"Content-Type": "application/json", **(headers or {})},
            )
            response = connection.getresponse()
            data = response.read()
            status = response.status
        except OSError:
            status, data = 0, b""
        finally:
            connection.close()
        return status, data, time.perf_counter() - start

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(send, requests))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for _status, _data, latency in results)
    return {
        "per_second": len(results) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[max(int(len(latencies) * 0.99) - 1, 0)],
        "statuses": [status for status, _data, _latency in results],
        "bodies": [data for _status, data, _latency in results],
    }
