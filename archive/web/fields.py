"""Field searches in the search box (`country:Japan`, `province:"Bac Ninh"`, `official:...`,
`source:VNA`) turned into the filters they name, so they show as chips and facets like any
other filter. ``title:`` stays in the text: the backend searches it in the headline.

Values are matched by slug, name, local name or alias, diacritics and case folded; a value that
names nothing, or too many officials, is dropped with a note.
"""

from __future__ import annotations

from django.http import QueryDict

from archive.extraction import gazetteer
from archive.extraction.text import fold_text
from archive.models import VIETNAM, Article, Country, Locality, Official
from archive.search.querying import FieldSearch, split_fields

MAX_OFFICIALS_PER_NAME = 5  # `official:Hung` naming more people than this asks for a full name
NOTE_NEGATED_FIELD = "Leaving out a {}: is not supported; “-{}:{}” was ignored."
NOTE_UNKNOWN_VALUE = "No {} “{}” in the archive; “{}:{}” was ignored."
NOTE_MANY_OFFICIALS = (
    "“official:{}” names {} officials; give more of the name. The first {} were used."
)


def _folded(text: str) -> str:
    return " ".join(fold_text(text).casefold().replace("-", " ").split())


def _countries(value: str) -> list[str]:
    wanted = _folded(value)
    for country in Country.objects.all():
        if wanted in {_folded(country.slug), _folded(country.name), country.code.casefold()}:
            return [country.slug]
    code = gazetteer.country_code_for(value)
    if code:
        return list(Country.objects.filter(code=code).values_list("slug", flat=True))
    return []


def _places(value: str) -> list[Locality]:
    wanted = _folded(value)
    places = list(Locality.objects.select_related("country"))
    # Vietnam's provinces first: "province:" is the archive's main axis.
    places.sort(key=lambda place: place.country.code != VIETNAM)
    for place in places:
        if wanted in {_folded(place.slug), _folded(place.name), _folded(place.name_local)}:
            return [place]
    for place in places:
        entry = gazetteer.find_locality_entry(value, place.country.code)
        if entry is not None and entry.name == place.name:
            return [place]
    return []


def _officials(value: str) -> tuple[list[str], int]:
    """Slugs of the officials the value names (a full name, else every official whose name has
    all its words), and how many there were."""
    wanted = _folded(value)
    exact = list(Official.objects.filter(slug=value.strip().lower()).values_list("slug", flat=True))
    if exact:
        return exact, 1
    words = set(wanted.split())
    full, partial = [], []
    for slug, name in Official.objects.values_list("slug", "name"):
        folded = _folded(name)
        if folded == wanted:
            full.append(slug)
        elif words <= set(folded.split()):
            partial.append(slug)
    found = full or partial
    return found[:MAX_OFFICIALS_PER_NAME], len(found)


def _sources(value: str) -> list[str]:
    wanted = _folded(value)
    sources = Article.objects.exclude(source="").values_list("source", flat=True).distinct()
    return [source for source in sources if _folded(source) == wanted][:1]


def resolve(search: FieldSearch, parameters: set[str]) -> tuple[str, list[str], list[str]]:
    """(the search parameter, its values, notes) for one field search. ``parameters``: the
    parameters the search page takes (a province goes to ``province`` where there is one)."""
    label = {"province": "province or place"}.get(search.name, search.name)
    if search.negated:
        return "", [], [NOTE_NEGATED_FIELD.format(search.name, search.name, search.value)]
    unknown = [NOTE_UNKNOWN_VALUE.format(label, search.value, search.name, search.value)]
    if search.name == "country":
        found = _countries(search.value)
        return ("country", found, []) if found else ("", [], unknown)
    if search.name == "province":
        places = _places(search.value)
        if not places:
            return "", [], unknown
        place = places[0]
        name = "province" if place.country.code == VIETNAM else "foreign_place"
        return (name if name in parameters else "locality"), [place.slug], []
    if search.name == "official":
        found, count = _officials(search.value)
        if not found:
            return "", [], unknown
        notes = (
            [NOTE_MANY_OFFICIALS.format(search.value, count, len(found))]
            if count > len(found)
            else []
        )
        return "official", found, notes
    found = _sources(search.value)
    return ("source", found, []) if found else ("", [], unknown)


def apply_field_searches(params: QueryDict, parameters: set[str]) -> list[str]:
    """Move the entity field searches of ``params["q"]`` into their filter parameters (in place);
    returns the notes to show."""
    text, searches = split_fields(params.get("q", ""))
    if not searches:
        return []
    notes: list[str] = []
    params["q"] = text
    for search in searches:
        name, values, said = resolve(search, parameters)
        notes.extend(said)
        current = params.getlist(name) if name else []
        for value in values:
            if value not in current:
                current.append(value)
        if name:
            params.setlist(name, current)
    return notes
