"""Vocabulary for reading people's titles: title heads, their modifiers, and organisation words.

Everything is lower case; the finder compares lower-cased tokens. Kept apart from the matching code
so the lists can grow without touching the logic.
"""

from __future__ import annotations


def phrase_set(text: str) -> frozenset[tuple[str, ...]]:
    """One phrase a line -> the set of its token tuples."""
    return frozenset(tuple(line.split()) for line in text.strip().splitlines() if line.strip())


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The word(s) a title is built around: "Minister", "Ambassador", "Chief Representative".
TITLE_HEADS = phrase_set(
    """
    minister
    prime minister
    foreign minister
    fm
    pm
    dpm
    premier
    president
    vice-president
    chairman
    chairwoman
    chairperson
    chair
    vice-chairman
    vice-chairwoman
    secretary
    general secretary
    secretary general
    secretary-general
    ambassador
    consul
    consul general
    consul-general
    chargé d'affaires
    charge d'affaires
    envoy
    counsellor
    counselor
    minister-counsellor
    attaché
    attache
    governor
    mayor
    director
    director general
    director-general
    general director
    managing director
    executive director
    head
    chief
    ceo
    cfo
    coo
    cto
    founder
    co-founder
    chief executive
    chief executive officer
    chief operating officer
    chief financial officer
    chief representative
    representative
    manager
    general manager
    country manager
    spokesperson
    spokesman
    spokeswoman
    speaker
    senator
    congressman
    congresswoman
    lawmaker
    legislator
    mp
    deputy
    member
    professor
    prof.
    prof
    expert
    economist
    analyst
    researcher
    research fellow
    senior fellow
    lecturer
    dean
    rector
    commissioner
    administrator
    commander
    lieutenant general
    major general
    colonel
    king
    queen
    prince
    princess
    emperor
    crown prince
    chancellor
    leader
    partner
    managing partner
    advisor
    adviser
    consultant
    coordinator
    inspector
    delegate
    vice minister
    officer
    executive officer
    managing executive officer
    chief investment officer
    chief technology officer
    chief marketing officer
    chief commercial officer
    chief strategy officer
    state secretary
    parliamentary vice-minister
    """
)

# Heads that carry too little to stand as a title when a better one exists ("his counterpart").
WEAK_HEADS = phrase_set(
    """
    counterpart
    """
)

# Words that qualify a head from the left: "Deputy Prime Minister", "Party General Secretary".
MODIFIERS = word_set(
    """
    deputy vice permanent standing acting former senior executive first second third assistant
    associate chief general party state honorary interim special managing co principal
    foreign finance trade defence defense industry justice health labour labor education home
    interior economy economic commerce environment agriculture transport culture information
    planning investment national provincial municipal city regional country district commune
    central politburo government cabinet na ambassador-designate
    """
)

# Lower-case words that may sit inside a title's complement: "Secretary of the provincial Party
# Committee", "Chairman of Binh Duong province's People's Committee".
TITLE_CONNECTORS = word_set(
    """
    of for to at in on from under and the & provincial municipal province province's city city's
    district commune ward town prefecture prefectural state
    """
)

# Place kinds that, right after a place's name, stay in the title: "Governor of Gyeonggi province".
PLACE_KIND_WORDS = word_set("province prefecture city state district commune ward town")

# Lower-case nouns for a part of an organisation, inside a title after its name: "head of the
# KOTRA office in Hanoi", "director of Sun Pharma's Vietnam unit".
ORGANISATION_UNIT_NOUNS = word_set("office unit branch chapter division subsidiary arm")

# Connectors after which a capitalised run is still part of an organisation or place, never the
# end of the title: "Binh Duong province's", "Hanoi Department of".
CONTINUING_CONNECTORS = word_set(
    """
    of for province province's provincial municipal city city's district commune ward town
    prefecture prefectural & 's
    """
)

# Capitalised words that belong to organisations, places and titles, never to a person's name.
ORGANISATION_WORDS = word_set(
    """
    committee committees party people's council assembly national ministry department foreign
    affairs planning investment industry trade finance justice health education training labour
    labor invalids social natural resources environment agriculture rural development construction
    transport culture sports tourism information communications communication science technology
    home public security defence defense government office inspectorate state bank central
    commission organisation organization agency authority association federation union chamber
    commerce board directors management corporation corp company co ltd group jsc inc holdings
    embassy consulate general province city district zone industrial economic cooperation
    policy diet parliament senate house representatives councillors liberal democratic communist
    front fatherland youth women's relations external international university institute academy
    school hospital center centre forum fund programme program project initiative network
    business businesses enterprise enterprises investors strategy strategic global advisory
    research studies region regional asia asian pacific asean mekong motor motors electronics
    electric energy power oil gas petroleum steel chemical chemicals airlines airways logistics
    capital securities insurance financial service services solutions systems extraordinary
    plenipotentiary affair cabinet secretariat politburo central ministry's friendship
    parliamentary alliance league society club federation's partnership council's commission's
    vietnam republic kingdom states united federal socialist prefecture prefectural
    municipality municipal provincial town ward commune village island islands river street
    road bridge port airport station mall tower building plaza hotel resort new delegation
    mission office's conference summit expo festival week day year awards award prize
    north south east west northern southern eastern western central upper lower greater
    world global international overseas vietnamese japanese korean chinese american
    european french german british indian thai lao cambodian singaporean australian russian
    department's agency's association's bank's group's company's corporation's committee's
    investment's trading industries manufacturing textile garment automotive semiconductor
    digital green sustainable smart innovation innovative creative partners holding ventures
    venture consulting consultancy engineering medical pharmaceutical foods food beverage
    agricultural aquatic seafood real estate land properties property development's airline
    post telecom telecommunications media press news newspaper television radio magazine
    times daily journal agency tribune herald broadcasting cooperation's customs tax treasury
    police army navy military forces force command defence ministry's court procuracy audit
    statistics standards quality market markets exchange stock securities' fintech
    """
)

# Words that open sentences or clauses and are never part of a name.
FUNCTION_WORDS = word_set(
    """
    the a an this that these those there here he she they it we you i his her their its our my
    your in on at for with by from to of and or but as if so nor yet also then than thus
    according speaking currently most meanwhile however moreover furthermore additionally besides
    notably during after before since while over under about last next when where what which who
    whom whose why how all both each every many some several such only even now today yesterday
    tomorrow earlier later recently previously accordingly therefore hence overall altogether
    other others another more less much few further first second third finally lastly
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday tet lunar covid covid-19 mr mrs ms
    dr sir madam miss like follow up down out into onto upon within without through throughout
    across along among amid around between beyond despite except via per regarding concerning
    following including excluding given considering upcoming recent latest great good new old
    big small high low large major key main top leading local foreign national international
    speaking addressing attending talking welcoming receiving meeting visiting noting highlighting
    stressing emphasising emphasizing responding replying sharing explaining congratulating
    thanks thank please note see read photo photos image video story reported source sources
    trending related
    """
)

# Lower-case particles inside Western names: "Kees van Baar", "Jan Willem de Vries".
NAME_PARTICLES = word_set("van von de der den du da dos das del della di ter ten bin binti")

HONORIFICS = word_set(
    """
    mr mr. mrs mrs. ms ms. dr dr. h.e. h.e sir madam madame miss mme mme. mister excellency
    """
)

# "X said", "X told reporters": the verbs that make an untitled full name a speaking person.
SPEECH_VERBS = word_set(
    """
    said says told stated noted added affirmed stressed emphasised emphasized highlighted
    expressed pledged suggested proposed asked urged underlined underscored explained revealed
    commented shared agreed welcomed thanked congratulated praised called confirmed announced
    remarked insisted acknowledged hoped expected believed recalled described spoke wrote
    """
)

# Organisation words in a title that make the role a company's.
BUSINESS_ORGANISATION_RE = (
    r"\b(?:corporation|corp|company|co\.?|ltd|jsc|inc|holdings?|group|firm|enterprises?|"
    r"board of directors|board|conglomerate|business(?:es)?|motors?|electronics|airlines|"
    r"securities|insurance|(?<!state )(?<!world )(?<!central )(?<!development )(?<!reserve )bank)\b"
)
# Title words that make a role the state's, party's or parliament's.
GOVERNMENT_RE = (
    r"\b(?:minister|ministry|ambassador|embassy|consul|consulate|consul-general|governor|mayor|"
    r"mp|senator|congress(?:man|woman)?|lawmaker|legislator|parliament(?:ary)?|diet|senate|"
    r"national assembly|na|government|state|prime|pm|fm|dpm|premier|politburo|party|"
    r"people's committee|people's council|committee|council|department|agency|jica|jetro|kotra|"
    r"province|provincial|city|municipal|district|commune|prefecture|prefectural|envoy|"
    r"charg[eé] d'affaires|counsellor|counselor|attach[eé]|king|queen|prince|princess|emperor|"
    r"commander|colonel|general secretary|secretary-general|secretary general|chancellor|"
    r"deputy|spokes(?:person|man|woman)|inspector|commissioner|administrator|"
    r"state secretary|vice-minister|vice minister|police|army|military|customs)\b"
)
# Heads that are the state's when they stand alone or name only a country ("President Yoon").
HEAD_OF_STATE_HEADS = word_set("president vice-president premier king queen emperor prince")
