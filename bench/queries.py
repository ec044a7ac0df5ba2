"""The fixed query mix: /search/ parameters, each in a class (narrow, broad, filtered)."""

from __future__ import annotations

from dataclasses import dataclass

from archive.models import Country, Locality

NARROW, BROAD, FILTERED = "narrow", "broad", "filtered"
CLASSES = (NARROW, BROAD, FILTERED)


@dataclass(frozen=True)
class BenchQuery:
    name: str
    kind: str  # one of CLASSES
    params: dict[str, str | list[str]]  # the /search/ query string, as django.test.Client takes it

    def values(self, name: str) -> list[str]:
        """A parameter's values as a list (absent: empty)."""
        value = self.params.get(name, [])
        return [value] if isinstance(value, str) else list(value)


def query_mix() -> list[BenchQuery]:
    """The mix, with the filters' slugs read from the imported database."""
    japan = Country.objects.get(code="JP").slug
    korea = Country.objects.get(code="KR").slug
    bac_ninh = Locality.objects.get(name="Bac Ninh", country__code="VN").slug
    return [
        BenchQuery("q=ODA", NARROW, {"q": "ODA"}),
        BenchQuery("q=Bac Ninh Japanese", NARROW, {"q": "Bac Ninh Japanese"}),
        BenchQuery("q=investment", BROAD, {"q": "investment"}),
        BenchQuery('q="industrial park"', BROAD, {"q": '"industrial park"'}),
        BenchQuery("q=investment sort=newest", BROAD, {"q": "investment", "sort": "newest"}),
        BenchQuery("q=investment page=3", BROAD, {"q": "investment", "page": "3"}),
        BenchQuery("country=japan (no q)", FILTERED, {"country": japan}),
        BenchQuery(
            "q=investment +country +locality +dates",
            FILTERED,
            {
                "q": "investment",
                "country": korea,
                "locality": bac_ninh,
                "date_from": "2019-01-01",
                "date_to": "2023-12-31",
            },
        ),
    ]
