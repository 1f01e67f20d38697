"""Loopback helpers: free ports, waiting for a server to answer, stopping the one we started."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` distinct free ports: every socket stays bound until all are chosen (one by one, the
    system may hand out the same port twice)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((host, 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def port_open(host: str, port: int, *, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(
    check: Callable[[], bool],
    *,
    timeout: float,
    interval: float = 0.2,
    what: str = "condition",
    fatal: tuple[type[BaseException], ...] = (),
) -> None:
    """Poll `check` until it is true, or raise TimeoutError naming `what` (bounded in time).

    Errors of the `fatal` kinds end the wait at once; any other error counts as "not yet".
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done = check()
        except fatal:
            raise
        except Exception:  # a server still starting may refuse or error
            done = False
        if done:
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


def wait_for_success(action: Callable[[], object], *, timeout: float, what: str) -> None:
    """Repeat `action` until it stops raising (a server coming up), bounded in time."""

    def attempt() -> bool:
        action()
        return True

    wait_until(attempt, timeout=timeout, what=what)


def stop_process(process: subprocess.Popen[bytes] | None, *, grace: float = 15) -> None:
    """Stop a server we started: SIGTERM, then SIGKILL if it has not gone after `grace` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
