"""Scraping /metrics in tests: the exposition parsed with prometheus_client's own parser."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from tests.support.api import AppClient


@dataclass(frozen=True)
class Scraped:
    """One scrape: every sample, found by its name and labels."""

    samples: tuple[Sample, ...]
    types: dict[str, str]  # family name → its type

    def value(self, name: str, **labels: str) -> float:
        """The one sample of name whose labels include these; fails when there is none."""
        found = self.find(name, **labels)
        assert len(found) == 1, (name, labels, found)
        return found[0].value

    def find(self, name: str, **labels: str) -> list[Sample]:
        return [
            s
            for s in self.samples
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
        ]


def parse(text: str) -> Scraped:
    families = list(text_string_to_metric_families(text))
    samples = tuple(sample for family in families for sample in family.samples)
    return Scraped(samples, {family.name: family.type for family in families})


async def scrape(client: AppClient, headers: dict[str, str] | None = None) -> Scraped:
    response = await client.get("/metrics", headers=headers)
    text = await response.text()
    assert response.status == 200, text
    assert response.content_type == "text/plain", response.headers
    return parse(text)
