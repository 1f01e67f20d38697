"""The command line every service shares: serve, worker, migrate, plus the service's own commands."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence

import uvicorn

from shared.logging import configure_logging
from shared.runtime import Runtime

Command = Callable[[argparse.Namespace], int | None]


class ServiceCli:
    """`python -m services.<name> <command>`; services add their own commands."""

    def __init__(self, name: str, runtime: Callable[[], Runtime]):
        self.name, self.runtime = name, runtime
        self.parser = argparse.ArgumentParser(prog=f"python -m services.{name}")
        self.commands = self.parser.add_subparsers(dest="command", required=True)
        self.handlers: dict[str, Command] = {}
        serve = self.command("serve", self._serve, "apply migrations, then serve the API")
        serve.add_argument("--host", default="127.0.0.1")
        serve.add_argument("--port", type=int, default=8000)
        worker = self.command("worker", self._worker, f"consume the {name} queue")
        worker.add_argument("--concurrency", type=int, default=int(os.environ.get("WORKER_CONCURRENCY", "1")))
        worker.add_argument("--pool", default=os.environ.get("WORKER_POOL", "prefork"))
        self.command("migrate", lambda _: self.runtime().migrate(), "apply the database migrations")

    def command(self, name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        self.handlers[name] = handler
        return self.commands.add_parser(name, help=help_text, description=help_text)

    def _serve(self, args: argparse.Namespace) -> None:
        runtime = self.runtime()
        runtime.migrate()
        uvicorn.run(
            f"services.{self.name}.main:app",
            host=args.host,
            port=args.port,
            log_config=None,
            proxy_headers=True,
            timeout_graceful_shutdown=10,
        )

    def _worker(self, args: argparse.Namespace) -> None:
        runtime = self.runtime()
        runtime.celery.worker_main(
            [
                "worker",
                "--queues",
                self.name,
                "--hostname",
                f"{self.name}@%h-{os.getpid()}",
                "--pool",
                args.pool,
                "--concurrency",
                str(args.concurrency),
                "--loglevel",
                runtime.settings.common.log_level,
                "--without-gossip",
                "--without-mingle",
            ]
        )

    def main(self, argv: Sequence[str] | None = None) -> int:
        args = self.parser.parse_args(argv)
        runtime_settings = self.runtime().settings.common
        configure_logging(self.name, runtime_settings.log_level)
        result = self.handlers[args.command](args)
        return int(result or 0)
