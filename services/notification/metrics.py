"""Prometheus counters per channel, provider and outcome, read from the delivery timeline.

The timeline is append-only and shared by every worker, so counting its rows at scrape time gives
true counters across processes and restarts (in-process counters would each see one worker only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session

from services.notification import repository


class DeliveryCollector(Collector):
    def __init__(self, session_factory: Callable[[], Session]):
        self.session_factory = session_factory

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        outcomes = CounterMetricFamily(
            "notification_delivery_outcomes",
            "Delivery steps reached, per channel, provider and outcome (queued, sending, sent, delivered, "
            "read, failed, dead)",
            labels=["channel", "provider", "outcome"],
        )
        waiting = GaugeMetricFamily(
            "notification_dead_letters", "Dead letters waiting for an admin", labels=["kind"]
        )
        with self.session_factory() as session:
            for channel, provider, status, count in repository.outcome_counts(session):
                outcomes.add_metric(
                    [channel.value, provider.value if provider else "none", status.value], count
                )
            dead_deliveries, dead_messages = repository.dead_letter_counts(session)
        waiting.add_metric(["delivery"], float(dead_deliveries))
        waiting.add_metric(["message"], float(dead_messages))
        yield outcomes
        yield waiting


def render_metrics(session_factory: Callable[[], Session]) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DeliveryCollector(session_factory))
    return generate_latest(registry)
