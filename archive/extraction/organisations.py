"""The organisations an article names: companies, business associations, agencies, banks,
international bodies and parties.

``find_organisations(text, officials)`` reads four things, in this order of trust:

- the well-known organisations of ``data/organisations.json`` by their names, short names and
  aliases ("JICA", "Japan International Cooperation Agency", "Foxconn" = "Hon Hai");
- names the text's own patterns make: a run of capitalised words ending in a corporate suffix
  ("Fukang Technology Co., Ltd", "Becamex IDC Corp", "Viettel Group") or an organisation's head
  word ("... Association", "Chamber of Commerce and Industry in Vietnam", "... Agency",
  "... Bank", "... Fund", "Ministry of ..."), with a leading title cut off ("Chairman of ...");
- acronyms defined in brackets ("Singapore Business Federation (SBF)") and later used alone, and a
  company's name without its legal suffix ("Fukang Technology" after "Fukang Technology Co.,
  Ltd");
- an official's organisation when their title names one ("General Director of Samsung Vietnam
  Complex").

Left out: local government (People's Committees and Councils, Party Committees, provincial
departments and management boards), embassies and consulates (places of officials) and the news
outlets (they credit the article). Each organisation is listed once, in order of first mention,
with its kind and, when known, its country: the data's, else a country word in its name ("Korea
Trade-Investment ..."), else a country's possessive or demonym just before it ("Singapore's
Sembcorp Development"); an unqualified "Ministry of ..." is Vietnam's, as in this archive's news.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from archive.extraction.gazetteer import country_code_for, country_phrases, phrase_regex
from archive.extraction.localities import is_place
from archive.extraction.sources import outlet_names
from archive.extraction.text import fold_key, fold_text
from archive.extraction.types import OfficialMention, OrganisationMention
from archive.extraction.vocabulary import (
    CHINESE_SURNAMES,
    KOREAN_SURNAMES,
    VIETNAMESE_SURNAMES,
    word_set,
)

ORGANISATIONS_PATH = Path(__file__).resolve().parent / "data" / "organisations.json"

COMPANY = "company"
BUSINESS_ASSOCIATION = "business_association"
GOVERNMENT = "government"
DEVELOPMENT = "development"
INTERNATIONAL = "international"
PARTY = "party"
OTHER = "other"
KINDS = (COMPANY, BUSINESS_ASSOCIATION, GOVERNMENT, DEVELOPMENT, INTERNATIONAL, PARTY, OTHER)


@dataclass(frozen=True)
class Known:
    name: str
    short: str | None
    kind: str
    country: str | None
    aliases: tuple[str, ...]


@cache
def known_organisations() -> tuple[Known, ...]:
    entries = json.loads(ORGANISATIONS_PATH.read_text(encoding="utf-8"))["organisations"]
    return tuple(
        Known(e["name"], e["short"], e["kind"], e["country"], tuple(e["aliases"])) for e in entries
    )


@cache
def _known_by_form() -> dict[str, Known]:
    """Every name, short name and alias (folded, case kept) -> its organisation."""
    table: dict[str, Known] = {}
    for org in known_organisations():
        for form in (org.name, org.short, *org.aliases):
            if form:
                table.setdefault(fold_text(form), org)
    return table


@cache
def _countried_forms() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """The known forms of more than one word whose organisation has a country, in table order,
    each with its whole-word pattern: compiled once, not once per name looked at."""
    return tuple(
        (form, org.country, re.compile(rf"(?<!\w){re.escape(form)}(?!\w)"))
        for form, org in _known_by_form().items()
        if org.country and " " in form
    )


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


@cache
def _known_regex() -> re.Pattern[str]:
    """Any known form, the longest that ends the name ("Samsung Electronics" over "Samsung"):
    laid out as a trie, so each word start costs a few steps, not one per form."""
    return phrase_regex(_known_by_form(), not_after=r"[\w&-]", after=r"(?![\w&]|-\w)")


# Legal and corporate endings: the name before them is the company's ("Fukang Technology").
_LEGAL_SUFFIX = (
    r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Company\s+Limited|Co\.|Ltd\.?|JSC|Joint\s+Stock\s+Company|Inc\.?"
    r"|Corp\.?|Corporation|Plc|PLC|LLC|Limited|Group|Holdings?))+"
)
_LEGAL_SUFFIX_RE = re.compile(_LEGAL_SUFFIX + r"$")
# A capitalised word of a name: "Trade-Investment", "People's", "CJ", "&", "EuroCham".
# A full stop belongs to a word only in an abbreviation ("Co.", "U.S."), never at a sentence's
# end; runs never cross a line.
_WORD = r"(?:Co\.|Corp\.|Inc\.|Ltd\.|Bhd\.|U\.S\.|[A-Z][\w'’&-]*(?:\.\w+)*[\w]|[A-Z]|&)"
_JOIN = r"(?:of|and|for|in|on|de|the|&)"
_SEPARATOR = r"(?:[ ]+|,[ ]+(?=(?:Co\.|Ltd|JSC|Inc)))"
# The look-ahead holds the first character every _WORD opens with: the engine tries each position
# of the text, and leaves at once the many that hold no capital.
_RUN_RE = re.compile(
    rf"(?=[A-Z&])(?<![\w'’-]){_WORD}(?:{_SEPARATOR}(?:{_WORD}|{_JOIN}(?=[ ]+[A-Z&])))*"
)
# The word that makes a run an organisation, and the kind it gives.
_HEADS = {
    "Group": COMPANY, "Corporation": COMPANY, "Corp": COMPANY, "Corp.": COMPANY, "Co.": COMPANY,
    "Ltd": COMPANY, "Ltd.": COMPANY, "JSC": COMPANY, "Inc": COMPANY, "Inc.": COMPANY,
    "Company": COMPANY, "Holdings": COMPANY, "Holding": COMPANY, "Limited": COMPANY,
    "Plc": COMPANY, "PLC": COMPANY, "LLC": COMPANY,
    "Association": BUSINESS_ASSOCIATION, "Chamber": BUSINESS_ASSOCIATION,
    "Federation": BUSINESS_ASSOCIATION, "Council": OTHER, "Alliance": OTHER,
    "Agency": GOVERNMENT, "Ministry": GOVERNMENT, "Authority": GOVERNMENT,
    "Organization": GOVERNMENT, "Organisation": GOVERNMENT, "Commission": GOVERNMENT,
    "Bank": COMPANY, "Fund": DEVELOPMENT, "Programme": DEVELOPMENT, "Program": DEVELOPMENT,
    "Party": PARTY,
}  # fmt: skip
# Words that go on a name after its head: "Bank of Korea", "Chamber of Commerce in Vietnam"; "and"
# only inside that tail ("of Commerce and Industry"), else it joins two names.
_TAIL_JOINS = word_set("of for in")
_INNER_JOINS = word_set("of for in and &")
# A person's name after an organisation's ("Ministry of Finance Ho Duc Phoc") ends it.
_SURNAMES = VIETNAMESE_SURNAMES | KOREAN_SURNAMES | CHINESE_SURNAMES
# Runs holding these are local government, missions or party organs, never organisations here.
_EXCLUDED_RE = re.compile(
    r"People's Committee|People's Council|Party Committee|Central Committee|Committee"
    r"|\bDepartment\b|Sub-[Dd]epartment|Management Board|Embassy|Consulate|Politburo"
    r"|Secretariat|Standing Board|Steering Board|National Assembly|Fatherland Front"
    r"|Trade Office|Representative Office|Provincial|Municipal|Industrial Zones?\b"
    r"|Economic Zones?\b|Free Trade Agreement|Partnership Agreement|Agreement\b"
)
# Words a run may start with that are not part of the organisation's name.
_LEADING_NOISE = word_set(
    "The A An According As At By For From In Of On To With And But While Under Meanwhile Also "
    "Last This That These Those Its Their His Her Both Between Including Among Like Unlike "
    "Speaking Receiving Meeting Addressing Welcoming Chairing Representatives Representative "
    "Chairman Chairwoman Chair Vice Deputy General Director Directors President Executive Chief "
    "Officer CEO Head Secretary Minister Ministers Governor Mayor Ambassador Consul Member "
    "Permanent Country Managing Senior First Standing Founder Partner Manager Leader Leaders "
    "Former Acting Delegates Delegation Officials Official Staff Experts Expert Mr Mr. Ms Ms. "
    "Mrs Mrs. Dr Dr. Prof Prof. Politburo"
)
# A one-word "name" made by these alone is a common noun ("the Group", "the Bank").
_GENERIC = word_set(
    "Group Corporation Company Bank Fund Agency Ministry Association Council Party Chamber "
    "Federation Alliance Authority Commission Organization Organisation Programme Program "
    "Development Investment Business Trade Finance Industry Commerce State National Central "
    "Holdings Limited World International Joint Stock Import Export Enterprise Enterprises "
    "Technology Industrial Park Vietnam Viet Nam"
)
_DEVELOPMENT_RE = re.compile(
    r"Development Bank|Development Agency|Cooperation Agency|Co-operation Agency|Export-Import"
    r"|Exim|Investment Bank|International Development|Development Fund|Climate Fund"
    r"|Development Programme|Development Program"
)
_BUSINESS_RE = re.compile(
    r"Business|Chamber|Enterprises|Investors|Entrepreneurs|Industries|Trade|Exporters|Importers"
    r"|Producers|Manufacturers|Companies|Firms|Industry|Commerce"
)
_INTERNATIONAL_RE = re.compile(r"^(?:World|International|United Nations|Asian|Asia-Pacific|Global)")
# Titles whose "of X" names the holder's organisation (not a minister's portfolio or a place).
_ORGANISATION_ROLE_RE = re.compile(
    r"\b(?:CEO|Chief Executive Officer|Chief Executive|General Director|Director General"
    r"|Director|Managing Director|Chairman|Chairwoman|Chair|President|Chief Representative"
    r"|Head|Secretary-General|Secretary General|Vice President|Founder|Country Director"
    r"|Representative|Manager|Executive Vice President)\s+(?:of|at)\s+(?:the\s+)?(?P<org>.+)$"
)
# A role's "of X" that ends so is a place or a government's office, not an organisation.
_NOT_ORGANISATION_ENDS = word_set(
    "Region Province Prefecture City State District Office Government Councillors Representatives"
)
_ROLE_IN_TEXT_RE = re.compile(
    r"\b(?:CEO|Chief Executive Officer|General Director|Director General|Managing Director"
    r"|Chief Representative|Country Director)\s+of\s+(?:the\s+)?"
    r"(?P<org>[A-Z][\w'&-]*(?:[ ](?:(?:of|and|&)[ ])?[A-Z][\w'&-]*)*)"
)
_ACRONYM_RE = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z&-]*[A-Z][A-Za-z&-]*)\)")
_POSSESSIVE_RE = re.compile(r"(?P<word>[A-Z][\w.-]*)'s\s+(?:[a-z]+\s+)?$")
_DEMONYM_BEFORE_RE = re.compile(
    r"(?P<word>[A-Z][a-z]+)\s+(?:[a-z-]+\s+){0,2}$"
)  # "Korean contractor ", "Taiwanese contract manufacturer "


@dataclass
class _Found:
    name: str
    short: str | None
    kind: str
    country: str | None
    position: int
    forms: set[str]


def find_organisations(
    text: str, officials: tuple[OfficialMention, ...] = ()
) -> tuple[OrganisationMention, ...]:
    """The organisations ``text`` names, each once, in order of first mention."""
    folded = fold_text(text)
    found: dict[str, _Found] = {}  # fold_key of the canonical name -> the organisation
    by_form: dict[str, str] = {}  # every form seen or derived (folded) -> the canonical key
    claimed: list[tuple[int, int]] = []

    def add(name, short, kind, country, position, forms=()) -> None:
        key = fold_key(name)
        for form in (name, short, *forms):
            if form and fold_key(form) in by_form:
                key = by_form[fold_key(form)]
                break
        entry = found.get(key)
        if entry is None:
            entry = found[key] = _Found(name, short, kind, country, position, set())
        else:
            entry.position = min(entry.position, position)
            entry.short = entry.short or short
            entry.country = entry.country or country
        for form in (name, short, *forms):
            if form:
                entry.forms.add(form)
                by_form.setdefault(fold_key(form), key)

    for match in _known_regex().finditer(folded):
        org = _known_by_form()[match.group()]
        if _is_outlet_credit(match.group()):
            continue
        claimed.append(match.span())
        add(org.name, org.short, org.kind, org.country, match.start(), (match.group(),))

    candidates = (
        candidate
        for match in _RUN_RE.finditer(folded)
        for candidate in _organisations_in_run(folded, match)
    )
    for start, end, kind in candidates:
        if any(start < c_end and c_start < end for c_start, c_end in claimed):
            overlapping = [c for c in claimed if start < c[1] and c[0] < end]
            if any(c_start <= start and end <= c_end for c_start, c_end in overlapping):
                continue  # inside a known name
        name = folded[start:end].rstrip(",")
        known = _known_by_form().get(name)
        if known:
            add(known.name, known.short, known.kind, known.country, start, (name,))
            continue
        acronym = _ACRONYM_RE.match(folded, end)
        short = acronym.group("acronym") if acronym else None
        country = _country_in_name(name, kind) or _country_before(folded, start)
        add(name, short, kind, country, start, _derived_forms(name))
        claimed.append((start, end))

    for official in officials:
        _add_official_organisation(official, folded, add)
    _add_role_organisations(folded, officials, add)

    # Short forms (acronyms, names without their suffix) used later on their own.
    forms = {form: key for key, entry in found.items() for form in _short_forms(entry)}
    if forms:
        pattern = re.compile(rf"(?<![\w&-])(?:{_alternation(list(forms))})(?![\w&]|-\w)")
        for match in pattern.finditer(folded):
            entry = found[forms[match.group()]]
            entry.position = min(entry.position, match.start())

    ordered = sorted(found.values(), key=lambda entry: entry.position)
    return tuple(
        OrganisationMention(
            name=entry.name,
            short_name=entry.short,
            kind=entry.kind,
            country=entry.country,
            aliases=tuple(
                sorted(form for form in entry.forms if form not in (entry.name, entry.short))
            ),
        )
        for entry in ordered
    )


def _organisations_in_run(folded: str, match: re.Match[str]) -> list[tuple[int, int, str]]:
    """The organisations in a run of capitalised words, last first: "Hoang Long Group and Minh
    Chau Corporation" holds two."""
    run = match.group()
    texts = [word.rstrip(",") for word in run.split()]  # str.split and \S+ share one \s
    if _HEADS.keys().isdisjoint(texts):  # most runs: no head, no organisation
        return []
    words = list(re.finditer(r"\S+", run))
    found = []
    upto: int | None = len(texts)
    while upto:
        candidate, upto = _organisation_in_words(folded, match.start(), words, texts[:upto])
        if candidate:
            found.append(candidate)
    return found


def _organisation_in_words(
    folded: str, offset: int, words: list[re.Match[str]], texts: list[str]
) -> tuple[tuple[int, int, str] | None, int | None]:
    """Where the organisation ending a run's words starts and ends and its kind, and how many
    words before it may hold another (those before an "and"), else None."""
    head_index = None
    for index, word in enumerate(texts):
        if word in _HEADS and (index > 0 or word == "Ministry"):
            head_index = index
    if head_index is None:
        return None, None
    # The name goes on after its head only through "of/for/in X": "Bank of Korea".
    last = head_index
    index = head_index + 1
    while index < len(texts):
        if (
            texts[index] in _TAIL_JOINS
            and index + 1 < len(texts)
            and texts[index + 1][:1].isupper()
        ):
            last = index + 1
            index += 2
            while index < len(texts):
                if texts[index][:1].isupper() and (
                    texts[index] in _HEADS or fold_key(texts[index]) not in _SURNAMES
                ):
                    last = index
                    index += 1
                elif (
                    texts[index] in _INNER_JOINS
                    and index + 1 < len(texts)
                    and texts[index + 1][:1].isupper()
                ):
                    index += 1
                else:
                    break
        elif texts[index] in _HEADS and texts[index][0].isupper():
            last = index  # "Co., Ltd", "Group Corporation"
            index += 1
        else:
            break
    # A leading title ("Chairman of", "Chief Executive Officer of the") is not the name.
    first = 0
    for index in range(head_index):
        if texts[index] in ("of", "at") and all(
            w in _LEADING_NOISE or w in ("of", "the") for w in texts[:index]
        ):
            first = index + 1
    # "PetroVietnam and Viettel Group": an "and" before the head, not inside an "of ..." part,
    # joins two names.
    for index in range(first, head_index):
        if texts[index] in ("and", "&") and not any(w in _TAIL_JOINS for w in texts[first:index]):
            first = index + 1
    while first < head_index and (texts[first] in _LEADING_NOISE or texts[first].endswith("'s")):
        first += 1
    while first < head_index and texts[first] in ("of", "and", "for", "in", "on", "de", "the", "&"):
        first += 1
    before = first - 1 if first > 0 and texts[first - 1] in ("and", "&") else None
    if first >= head_index and last == head_index and texts[head_index] in _GENERIC:
        return None, before
    name_words = texts[first : last + 1]
    if (
        all(w in _GENERIC or w in _TAIL_JOINS for w in name_words)
        and texts[head_index] != "Ministry"
    ):
        return None, before
    start = offset + words[first].start()
    end = offset + words[last].start() + len(texts[last])
    name = folded[start:end]
    following = " ".join(texts[last + 1 : last + 2])  # "Party" of "Party Committee"
    if _EXCLUDED_RE.search(f"{name} {following}") or _lower_local_before(folded, start):
        return None, before
    if is_place(tuple(name_words)) or (
        texts[head_index] == "Party" and is_place(tuple(name_words[:-1]))
    ):
        return None, before  # "the Hanoi Party Secretary": a local party organ
    return (start, end, _kind(name, texts[head_index])), before


def _lower_local_before(folded: str, start: int) -> bool:
    """'the provincial Industrial Zones Authority', 'the city's Investment Agency': local bodies."""
    before = folded[max(0, start - 20) : start]
    return bool(re.search(r"(?:provincial|municipal|city's|province's|district)\s+$", before))


def _kind(name: str, head: str) -> str:
    if head == "Party":
        return PARTY
    if _DEVELOPMENT_RE.search(name):
        return DEVELOPMENT
    if head == "Bank" and name.startswith("State Bank"):
        return GOVERNMENT
    if head in ("Council", "Association", "Federation") and _BUSINESS_RE.search(name):
        return BUSINESS_ASSOCIATION
    if head in ("Organization", "Organisation", "Fund") and _INTERNATIONAL_RE.search(name):
        return INTERNATIONAL
    if head == "Association" and not _BUSINESS_RE.search(name):
        return OTHER
    return _HEADS[head]


def _country_in_name(name: str, kind: str) -> str | None:
    """The country a name carries: a known organisation inside it ("Sumitomo Corporation
    Vietnam" is Sumitomo's), else a country word, except where it says where the body works
    ("... in Vietnam", a company's closing "Vietnam")."""
    first_word = _known_by_form().get(name.split()[0])
    if first_word and first_word.country and len(name.split()[0]) > 3:
        return first_word.country  # "Samsung Vietnam Complex"
    for form, country, pattern in _countried_forms():
        if form in name and pattern.search(name):
            return country
    home = re.sub(r"\s+in\s+.*$", "", name)
    if kind == COMPANY:
        home = re.sub(r"\s+(?:Vietnam|Viet Nam)$", "", home)
    phrases = country_phrases()
    words = home.replace("-", " ").split()
    for size in (3, 2, 1):
        for index in range(len(words) - size + 1):
            phrase = " ".join(words[index : index + size]).removesuffix("'s")
            if phrases.get(phrase):
                return phrases[phrase]
    if name.startswith("Ministry of"):
        return "VN"
    return None


def _country_before(folded: str, start: int) -> str | None:
    before = folded[max(0, start - 40) : start]
    if match := _POSSESSIVE_RE.search(before):
        if known := _known_by_form().get(match.group("word")):
            return known.country  # "Foxconn's subsidiary Fukang Technology"
        return country_code_for(match.group("word"))
    if match := _DEMONYM_BEFORE_RE.search(before):
        return country_code_for(match.group("word"))
    return None


def _derived_forms(name: str) -> tuple[str, ...]:
    stripped = _LEGAL_SUFFIX_RE.sub("", name).strip(" ,")
    if stripped != name and stripped and stripped not in _GENERIC and " " in stripped:
        return (stripped,)
    return ()


def _short_forms(entry: _Found) -> set[str]:
    forms = {form for form in entry.forms if form != entry.name}
    if entry.short:
        forms.add(entry.short)
    return {form for form in forms if form and form not in _GENERIC}


def _add_official_organisation(official: OfficialMention, folded: str, add) -> None:
    match = _ORGANISATION_ROLE_RE.search(fold_text(official.title))
    if match:
        business = official.kind == "business"
        _add_role_organisation(match.group("org"), official.country, business, folded, add)


def _add_role_organisations(folded: str, officials: tuple[OfficialMention, ...], add) -> None:
    """'..., General Director of Samsung Vietnam Complex, said': the organisation a role names in
    the text, whether or not the person was recognised; a person's name after it is cut off."""
    names = [fold_text(official.name) for official in officials]
    for match in _ROLE_IN_TEXT_RE.finditer(folded):
        org = match.group("org")
        for name in names:
            if org.endswith(" " + name):
                org = org[: -len(name) - 1]
        _add_role_organisation(org, None, False, folded, add)


def _add_role_organisation(org: str, country: str | None, business: bool, folded: str, add):
    org = re.sub(r"\s*\([^)]*\)$", "", org.strip())  # "... (KOTRA)": the acronym is read elsewhere
    org = re.sub(r"\s+in\s+[A-Z][\w ]*$", "", org)  # "Airbus in Vietnam": where it works
    words = org.split()
    if not words or words[-1] in _NOT_ORGANISATION_ENDS or any(w.endswith("-based") for w in words):
        return
    if not words or not all(w[:1].isupper() or w in _INNER_JOINS or w == "the" for w in words):
        return  # "Director of the provincial Department ...", "head of a delegation"
    if _EXCLUDED_RE.search(org) or is_place(tuple(words)) or country_code_for(org):
        return
    if all(w in _GENERIC or w in _INNER_JOINS or w in _LEADING_NOISE for w in words):
        return
    if any(fold_key(w) in _SURNAMES for w in words):
        return  # a person's name ran on: not sure where the organisation ends
    known = _known_by_form().get(org)
    position = folded.find(org)
    position = position if position >= 0 else len(folded)
    if known:
        add(known.name, known.short, known.kind, known.country, position, (org,))
        return
    head = next((w for w in reversed(words) if w in _HEADS), None)
    kind = _kind(org, head) if head else (COMPANY if business or head is None else OTHER)
    add(org, None, kind, _country_in_name(org, kind) or country, position, _derived_forms(org))


@cache
def _outlet_forms() -> frozenset[str]:
    return frozenset(
        fold_text(form) for short, name in outlet_names().items() for form in (short, name)
    )


def _is_outlet_credit(form: str) -> bool:
    return form in _outlet_forms()
