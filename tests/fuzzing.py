"""Schemathesis over a service's OpenAPI document: bounded examples per operation, no server error allowed.

Each service's `tests/<service>/api/test_openapi_fuzz.py` hands `fuzz` its app and its callers' headers
(an admin, an OPD operator, nobody). For every operation of the document Hypothesis draws a few requests
that follow the schema and a few that break it (bodies, query strings, path ids, headers), sends each as
every caller, and every answer must be below 500. The report keeps the counts (for the closing figures:
`pytest -s` prints them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Err
from schemathesis.openapi import from_asgi

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "openapi-fuzz"
EXAMPLES = 10  # per operation, each sent as every caller (about 3,000 requests over the three services)
# Operations that end the caller's own session: drawn, they would log the fuzzing callers out.
SKIPPED = {"POST /api/v1/auth/logout", "POST /api/v1/auth/logout-everywhere"}


@dataclass
class FuzzReport:
    operations: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    by_role: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def summary(self, service: str) -> str:
        classes = dict(sorted(Counter(f"{status // 100}xx" for status in self.statuses.elements()).items()))
        roles = {role: dict(sorted(counts.items())) for role, counts in self.by_role.items()}
        head = f"{service}: {self.operations} operations, {self.requests} requests, {classes}"
        return f"{head}\nby caller: {roles}\n"

    def write(self, service: str) -> None:
        """The figures in test-artifacts/openapi-fuzz/<service>.txt; the admin must have got somewhere."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{service}.txt").write_text(self.summary(service))
        assert any(200 <= status < 300 for status in self.by_role["admin"]), "the admin's requests all failed"


def fuzz(app: Any, callers: dict[str, dict[str, str]], *, examples: int = EXAMPLES) -> FuzzReport:
    """Every operation of `app`'s OpenAPI document, drawn `examples` times, sent as each caller."""
    report = FuzzReport()
    schema = from_asgi("/openapi.json", app)
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the document itself is broken: say so
        operation = result.ok()
        if f"{operation.method.upper()} {operation.path}" in SKIPPED:
            continue
        report.operations += 1
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        @given(case=strategy)
        def send(case: Case[Any]) -> None:
            for role, headers in callers.items():
                response = case.call(headers=headers)
                report.statuses[response.status_code] += 1
                report.by_role[role][response.status_code] += 1
                if response.status_code >= 500:
                    report.failures.append(
                        f"{role}: {case.method} {case.formatted_path} -> {response.status_code}\n"
                        f"  {case.as_curl_command()}\n  {response.text[:300]}"
                    )

        send()
    return report
