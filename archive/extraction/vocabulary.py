"""The extraction's vocabulary: the words and phrases people's names and titles are read by.

Names: surnames, honorifics, name particles and the shapes of Vietnamese, Japanese and Chinese
syllables. Titles: heads ("Minister"), their modifiers, connectors and organisation words, and the
words that make a title the state's or a company's. The finders hold the logic; the lists live
here so they can grow without touching it. Word lists are lower case (the finders compare
lower-cased or folded words); regexes are compiled for lower-cased text.
"""

from __future__ import annotations

import re


def phrase_set(text: str) -> frozenset[tuple[str, ...]]:
    """One phrase a line -> the set of its token tuples."""
    return frozenset(tuple(line.split()) for line in text.strip().splitlines() if line.strip())


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (long lists stay readable)."""
    return frozenset(text.split())


# --- names ------------------------------------------------------------------------------------

# The surnames nearly every Vietnamese person carries; a name starts at one of them.
VIETNAMESE_SURNAMES = word_set(
    """
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly vuong trinh truong
    dinh lam mai luong ha cao dao doan ta chu luu quach lai thai hua phung kieu tong la kim trieu
    ton than nong mac lo au giang tang diep khuat can to thach trang quan lieu lu dam tieu ung
    khong nghiem tu vien ninh
    """
)
# Surnames that alone do not make a run of capitalised syllables before a place or country word
# a person's name (see gazetteer.ends_vietnamese_name, which looks for any surname in the run, not
# only at its start): many are also words or place syllables written capitalised ("To Hanoi's
# leaders", "Tien Giang", "Bac Ninh", "Nha Trang", "Can Tho"), the others too rare to risk it.
SURNAMES_NOT_MARKING_A_NAME = word_set(
    "au can dam giang khong khuat la lieu ninh quan than to ton trang tu ung vien"
)
# Syllables that do mark such a run as a name, though no name is read as starting at them: the
# middle name "Van" ("Van Don" is a place), and surnames rare or shared with other languages'
# names ("Ong Ye Kung" is Singaporean).
VIETNAMESE_NAME_MARKERS = word_set("van giap khuc ong")

KOREAN_SURNAMES = word_set(
    """
    kim lee yi park choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh
    seo shin kwon hwang ahn song yoo ryu hong jeon jun ko moon yang son bae baek heo nam shim
    noh roh ha kwak sung cha joo woo koo min na jin ji eom chae won chun bang kong hyun ham
    byun yeom yeo choo seok sun seol ma gil yeon wi pyo myung ban ra wang geum ok yook maeng je
    tak kook
    """
)

# Common Chinese family names in pinyin and in the Wade-Giles spellings Taiwan uses.
CHINESE_SURNAMES = word_set(
    """
    wang zhang li liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng
    liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
    cheng wei su lu ding ren shen yao zhong fan fu qian xue lei bai hao kong mao qiu qin
    chang chou chao tsai hsu hsieh kuo chiang liao lien lai tseng tsao kao
    """
)

# One Vietnamese syllable without its tone marks: onset, one to three vowels, final consonant.
# Lax on one point the finders rely on: a bare "q" counts as an onset ("Qin"); Vietnamese
# writes it only as "qu".
VIETNAMESE_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
# One romanised Japanese word: consonant-vowel morae with an optional syllabic n.
JAPANESE_WORD_RE = re.compile(
    r"(?:(?:kk|ss|tt|pp|tch)?(?:ky|gy|sh|ch|ts|ny|hy|by|py|my|ry|[kgsztdnhbpmyrwjf])?[aiueo]n?|n)+"
)
# One romanised Chinese syllable, pinyin or Wade-Giles: onset, vowels, nasal ending.
CHINESE_SYLLABLE_RE = re.compile(
    r"(?:hs|ts|tz|zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}(?:ng|n|r)?"
)

# Lower-case particles inside Western names: "Kees van Baar", "Jan Willem de Vries".
NAME_PARTICLES = word_set("van von de der den du da dos das del della di ter ten bin binti")

# Words before a name that are not part of it: "Mr. Tanaka", "H.E. Ito Naoki", "Ms Thanh Hoa",
# "Comrade Tran Hong Ha", and the Vietnamese forms of address "ông", "bà", "đồng chí" (comrade).
# Without their closing dot: the finders strip it. A two-word form is one token (MULTIWORD_...).
MULTIWORD_HONORIFICS = ("đồng chí",)
HONORIFICS = word_set(
    "mr mrs ms dr h.e sir madam madame miss mme mister excellency comrade ông bà"
) | frozenset(MULTIWORD_HONORIFICS)
# Vietnamese writes these in lower case mid-sentence ("ông Nguyễn Văn Thành"); they still address.
LOWER_CASE_HONORIFICS = frozenset({"ông", "bà", *MULTIWORD_HONORIFICS})
# "Lady" before a place's name makes it a person's too ("Lady Chiba"), but the officials finder
# keeps it a name word: "First Lady Kim Keon-hee" is no honorific mention.
PLACE_NAME_HONORIFICS = HONORIFICS | {"lady"}

# --- titles -----------------------------------------------------------------------------------

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

# Every word of a head, and the words a head can start with.
HEAD_WORDS = frozenset(word for phrase in TITLE_HEADS | WEAK_HEADS for word in phrase)
HEAD_FIRST_WORDS = frozenset(phrase[0] for phrase in TITLE_HEADS | WEAK_HEADS)

# Heads that are the state's when they stand alone or name only a country ("President Yoon").
HEAD_OF_STATE_HEADS = word_set("president vice-president premier king queen emperor prince")
# Words that, beside countries, may qualify "President" of a state.
STATE_WORDS = word_set("republic socialist democratic people's federal united states kingdom state")

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

ARTICLES = word_set("the a an")
# A run right after these is a place or an organisation, not a person: "in Binh Duong, ...".
PLACE_PREPOSITIONS = word_set(
    "in at from to into across near of within throughout around outside inside"
)
DASHES = word_set("- – —")
# Words that make "at/of the X" after a name an event rather than part of the person's title.
EVENT_WORDS = word_set(
    """summit forum conference expo festival week meeting session seminar workshop ceremony
    dialogue exhibition fair talks event launch"""
)
# A photo's position note between a name and its title: "Nguyen Van Loi (left), Secretary ...".
POSITION_WORDS = word_set(
    "left right l r centre center middle first second third from front back row , second-left"
)
# Endings of common nouns that follow a title but never end a one-word name: "Chief Scientist".
COMMON_NOUN_ENDING_RE = re.compile(
    r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ism|ist|ists|ive|ous|ary|ory|ics|ure|ers)$"
)
# "Name, who is (also) chairman of X", "Name, who serves as ...".
RELATIVE_VERBS = word_set("is was serves served")
RELATIVE_ADVERBS = word_set("also currently now concurrently as")

# "X said", "X told reporters": the verbs that make an untitled full name a speaking person.
SPEECH_VERBS = word_set(
    """
    said says told stated noted added affirmed stressed emphasised emphasized highlighted
    expressed pledged suggested proposed asked urged underlined underscored explained revealed
    commented shared agreed welcomed thanked congratulated praised called confirmed announced
    remarked insisted acknowledged hoped expected believed recalled described spoke wrote
    """
)

# "Nguyen Van Loi also said": adverbs between a speaker and the verb.
SPEECH_ADVERBS = word_set("also has had then further later once again")

# Credits that name people who are not in the story: "(Photo: Thanh Hai)", "By Nguyen Lan",
# "Story: ...". The look-ahead holds every branch's first character (a bracket, the words'
# capitals, a line's leading space): the engine leaves at once the many positions holding none.
CREDIT_RE = re.compile(
    r"(?=[(PISRWEB \t])(?:"
    r"\((?:Photo|Photos|Image|Source|Story)s?\s*:[^()\n]*\)"
    r"|\b(?:Photo|Photos|Image|Story|Source|Reported by|Written by|Edited by)\s*:?[^\n|]*"
    r"|^[ \t]*By\s+[^\n]{0,60}$)",
    re.MULTILINE,
)

# --- the kind of a title (government, business, other) and its country -------------------------

# Title words only the state, a party or a parliament gives, whatever else the title says.
PURE_GOVERNMENT_RE = re.compile(
    r"\b(?:minister|ministers|ambassador|embassy|consul|consulate|consul-general|governor|mayor|"
    r"prime|pm|fm|dpm|premier|mp|senator|congress(?:man|woman)?|lawmaker|legislator|diet|"
    r"parliament(?:ary)?|house of (?:councillors|representatives|commons|lords)|"
    r"national assembly|people's committee|people's council|party|politburo|"
    r"envoy|jica|jetro|kotra|king|queen|emperor|prince|princess|government|state secretary|"
    r"charg[eé] d'affaires|economic and cultural office|autonomous region|secretary for)\b"
)
# Chambers of commerce speak for firms but are neither a firm nor the state; a "council" of
# chambers must not make them the state's.
BUSINESS_COMMUNITY_RE = re.compile(r"\b(?:chambers?|amcham|eurocham|kocham|auscham)\b")
# Organisation words in a title that make the role a company's.
BUSINESS_ORGANISATION_RE = re.compile(
    r"\b(?:corporation|corp|company|co\.?|ltd|jsc|inc|holdings?|group|firm|enterprises?|"
    r"board of directors|board|conglomerate|business(?:es)?|motors?|electronics|airlines|"
    r"securities|insurance|(?<!state )(?<!world )(?<!central )(?<!development )(?<!reserve )bank)\b"
)
# Officers only a company has.
COMPANY_OFFICER_RE = re.compile(
    r"\b(?:ceo|cfo|coo|cto|co-founder|chief executive|chief operating|chief financial)\b"
)
# Title words that make a role the state's, party's or parliament's.
GOVERNMENT_RE = re.compile(
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
# Title words that make a role a company's when nothing above decided.
BUSINESS_HEAD_RE = re.compile(
    r"\b(?:ceo|cfo|coo|cto|founder|co-founder|investor|investors|representative|manager|"
    r"managing director|executive director|executive vice president|senior vice president|"
    r"general director|chief executive|chief operating|chief financial)\b"
)
# Titles only Vietnam's state and party give (matched folded: no diacritics, lower case).
VIETNAMESE_TITLE_RE = re.compile(
    r"\b(?:party (?:committee|central|general|secretary|chief|leader|delegation|organi[sz]ation)"
    r"|^party\b|communist party|people's committee|people's council|politburo|national assembly"
    r"|fatherland front|provincial|province|municipal|commune|planning and investment"
    r"|industry and trade|natural resources and environment|labour, invalids|labor, invalids"
    r"|state bank of viet ?nam|na (?:chairman|chairwoman|vice chairman|deputy|standing))\b"
)
