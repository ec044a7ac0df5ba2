"""The judged evaluation set: invented articles (no real article text) and queries with the
articles a researcher would want for each.

Written before the ranking work of issue 10 was measured, to hold search to general behaviour:
names with and without diacritics, misspellings, aliases, quoted headlines, demonyms, old and new
province names (the 2025 reform), officials. ``relevant`` lists article file names; ranking is
judged by recall@10 and the reciprocal rank of the first relevant article.
"""

from __future__ import annotations

from dataclasses import dataclass

ARTICLES = {
    "jp-bacninh-electronics.txt": """ date 2024-03-12 Japanese electronics maker doubles its plant in Bắc Ninh
Bắc Ninh (VNA) – A Japanese electronics maker will invest a further 300 million USD in its plant at \
Que Vo industrial park, Chairman of the provincial People's Committee Nguyễn Văn Hùng said on Tuesday.

The plant makes camera modules for phones and will hire 2,000 more workers next year./.
""",
    "kr-bacninh-display.txt": """ date 2024-05-20 Korean display supplier opens second factory in Bac Ninh
Bac Ninh (VNA) – A South Korean display supplier opened its second factory in Bac Ninh province on \
Monday, bringing its registered capital to 1.2 billion USD.

Korean Ambassador Park Ji-won attended the ceremony with provincial leaders./.
""",
    "kr-bacgiang-solar.txt": """ date 2023-08-02 Bac Giang approves Korean solar panel project
Bac Giang (VNA) – The People's Committee of Bắc Giang province approved a 250 million USD solar panel \
project by a Korean group at Quang Chau industrial park on Wednesday.

Provincial officials said land clearance would finish within six months./.
""",
    "cn-bacgiang-guangxi.txt": """ date 2023-11-15 Guangxi delegation explores Bac Giang industrial parks
Bac Giang (VNA) – A delegation from the Guangxi Zhuang Autonomous Region visited industrial parks in \
Bac Giang on Wednesday to look for sites for textile and garment factories.

The visitors discussed logistics links through the Lang Son border gate./.
""",
    "cn-laocai-yunnan.txt": """ date 2024-01-09 Yunnan and Lao Cai agree to reopen a border market
Lao Cai (VNA) – Lào Cai province and Yunnan Province signed an agreement on Tuesday to reopen a border \
market and speed up customs clearance for farm produce.

Traders expect fruit exports to rise by a third this year./.
""",
    "cn-haiphong-port.txt": """ date 2022-10-04 Chinese firm to build warehouses at Hai Phong port
Hai Phong (VNS) – A Chinese logistics firm will build cold storage warehouses worth 80 million USD \
near Lach Huyen port in Hải Phòng city.

The city expects the project to cut waiting times for seafood exporters. — VNS
""",
    "jp-hanoi-oda-metro.txt": """ date 2023-06-14 Japan signs ODA loan for Hanoi metro line
Hanoi (VNA) – Japan signed an ODA loan of 60 billion yen for a new metro line in Hà Nội, \
Japanese Ambassador Tanaka Hiroshi said at the signing on Wednesday.

The line will link the city centre with the western districts./.
""",
    "jp-danang-it.txt": """ date 2024-09-03 Japanese software firms open offices in Da Nang
Da Nang (VNS) – Three Japanese software firms opened offices in Đà Nẵng city this week, drawn by \
its graduates in information technology.

The city's IT parks now host more than 40 foreign firms. — VNS
""",
    "jp-quangnam-textile.txt": """ date 2023-04-18 Quang Nam welcomes Japanese garment investors
Quang Nam (VNA) – Quảng Nam province welcomed a group of Japanese garment makers looking for land at \
Chu Lai open economic zone, Vice Chairman Trần Thị Mai Lan said on Tuesday.

The investors plan factories employing 5,000 workers./.
""",
    "sg-binhduong-vsip.txt": """ date 2022-09-08 Singaporean developer opens new industrial park in Binh Duong
Binh Duong (VNA) – A Singaporean developer opened its newest industrial park in Bình Dương province \
on Thursday, with 300 million USD of registered capital.

Singapore is the largest foreign investor in the province./.
""",
    "sg-hcmc-finance.txt": """ date 2024-02-27 Singapore banks eye HCMC financial centre
Ho Chi Minh City (VNS) – Singapore banks are studying offices in the planned international financial \
centre in HCMC, the city's Department of Finance said.

Sài Gòn was chosen for its deep pool of accountants and lawyers. — VNS
""",
    "us-danang-chips.txt": """ date 2024-07-11 US firms study semiconductor projects in Da Nang
Da Nang (VNS) – American semiconductor firms are studying chip packaging projects in Da Nang city, \
Vice Chairman of the municipal People's Committee Phạm Đức Thắng said at a meeting with a US business \
delegation.

The delegation also visited the Da Nang hi-tech park. — VNS
""",
    "us-hanoi-education.txt": """ date 2023-02-01 American universities sign scholarships deal in Hanoi
Hanoi (VNA) – Five American universities signed a scholarship agreement with Hanoi's education \
department on Wednesday, offering 200 places a year for students in engineering.

The United States embassy said the programme would run for five years./.
""",
    "de-dongnai-chemicals.txt": """ date 2022-05-17 German chemicals group expands in Dong Nai
Dong Nai (VNA) – A German chemicals group will expand its plant in Đồng Nai province with an \
investment of 120 million USD, the provincial Department of Planning and Investment said.

Germany is among the largest European investors in the province./.
""",
    "tw-vinhphuc-motorbike.txt": """ date 2023-07-25 Taiwanese motorbike maker adds assembly line in Vinh Phuc
Vinh Phuc (VNA) – A Taiwanese motorbike maker added an assembly line at its factory in Vĩnh Phúc \
province, raising output by 200,000 vehicles a year.

The province offered tax breaks for the company's suppliers./.
""",
    "kr-phutho-garment.txt": """ date 2025-09-10 Phu Tho courts Korean garment makers after the merger
Phu Tho (VNA) – The enlarged Phú Thọ province, which absorbed Vinh Phuc and Hoa Binh in July, \
courted Korean garment makers at an investment conference on Wednesday.

Officials presented 20 industrial parks open to new projects./.
""",
    "th-thanhhoa-cement.txt": """ date 2022-12-06 Thai group buys stake in Thanh Hoa cement plant
Thanh Hoa (VNS) – A Thai industrial group bought a 40 percent stake in a cement plant in Thanh Hóa \
province for 150 million USD.

Thailand has become a leading investor in building materials. — VNS
""",
    "vn-thainguyen-steel.txt": """ date 2024-04-02 Thai Nguyen steel plant upgrades its furnaces
Thai Nguyen (VNA) – The Thai Nguyen steel plant began upgrading its blast furnaces on Tuesday to cut \
emissions, Chairman of the provincial People's Committee Lê Quang Đạo said.

The upgrade is financed by domestic banks./.
""",
    "kr-thainguyen-samsung.txt": """ date 2023-10-30 Korean electronics investment in Thai Nguyen tops 8 billion USD
Thai Nguyen (VNA) – Investment by Korean electronics groups in Thái Nguyên province has passed \
8 billion USD, the provincial Department of Planning and Investment said on Monday.

South Korea is the province's largest foreign investor./.
""",
    "jp-haiduong-auto.txt": """ date 2024-11-19 Japanese auto parts maker breaks ground in Hai Duong
Hai Duong (VNA) – A Japanese auto parts maker broke ground on a 90 million USD factory in Hải Dương \
on Tuesday.

The factory will supply brake systems to carmakers in the region./.
""",
    "kr-quangninh-tourism.txt": """ date 2024-06-05 Korean tourists return to Quang Ninh
Quang Ninh (VNS) – Korean tourists have returned to Quảng Ninh in large numbers, with direct flights \
from Busan and Incheon to Van Don airport.

Ha Long Bay hotels reported full bookings for the summer. — VNS
""",
    "vn-nghean-coffee.txt": """ date 2023-03-21 Nghe An coffee growers win export contracts
Nghe An (VNA) – Coffee cooperatives in Nghệ An province won contracts to export 5,000 tonnes of \
robusta beans this year, the provincial agriculture department said.

Buyers came from Europe and the Middle East./.
""",
    "vn-hue-heritage.txt": """ date 2022-08-14 Hue restores imperial citadel gates
Hue (VNS) – Thừa Thiên Huế province finished restoring two gates of the imperial citadel, funded by \
the state budget and visitor fees.

The province expects a record number of visitors this year. — VNS
""",
    "vn-brvt-port.txt": """ date 2022-03-29 Ba Ria-Vung Tau deep-water port handles record cargo
Ba Ria-Vung Tau (VNA) – The Cai Mep deep-water port in Bà Rịa-Vũng Tàu handled a record volume of \
container cargo in the first quarter.

Shipping lines added new routes to the United States and Europe./.
""",
    "jp-hanoi-ambassador-meeting.txt": """ date 2024-10-08 Ambassador Tanaka meets Hanoi leaders on ODA projects
Hanoi (VNA) – Japanese Ambassador Tanaka Hiroshi met Chairman of the Hanoi People's Committee Nguyễn \
Văn Hùng on Tuesday to review progress on ODA projects.

Both sides agreed to speed up disbursement of loans for drainage works./.
""",
    "cn-bacninh-ev.txt": """ date 2025-08-21 Chinese battery maker picks Bac Ninh for new plant
Bac Ninh (VNA) – A Chinese electric vehicle battery maker chose the enlarged Bac Ninh province for \
a 400 million USD plant, the provincial investment board said.

Construction will start early next year./.
""",
    "vn-fdi-report.txt": """ date 2024-12-28 Foreign direct investment reaches a record in 2024
Hanoi (VNA) – Registered foreign direct investment reached a record 38 billion USD this year, the \
Ministry of Finance said, with manufacturing taking two thirds of the total.

Singapore, South Korea and Japan remained the largest sources of capital./.
""",
    "kr-hanoi-culture.txt": """ date 2022-11-11 Korean culture week opens in Hanoi
Hanoi (VNS) – A Korean culture week opened in Hà Nội with films, food and music, organised by \
the Korean embassy.

Ambassador Park Ji-won said exchanges between young people had grown fast. — VNS
""",
    "au-cantho-agriculture.txt": """ date 2023-09-19 Australian aid helps Can Tho farmers adapt to salt water
Can Tho (VNA) – An Australian aid programme will help 3,000 farmers in Cần Thơ switch to salt-tolerant \
rice and shrimp farming.

Australia has funded climate projects in the Mekong Delta for a decade./.
""",
    "in-hcmc-pharma.txt": """ date 2024-08-15 Indian pharmaceutical firm opens plant near Saigon
Ho Chi Minh City (VNS) – An Indian pharmaceutical firm opened a plant in Ho Chi Minh City's \
hi-tech park to make generic medicines for Southeast Asia.

India and Vietnam agreed to expand trade in medicines. — VNS
""",
}


@dataclass(frozen=True)
class Judged:
    query: str
    relevant: tuple[str, ...]
    kind: str  # what the query tests: name, folded, typo, alias, phrase, demonym, old-new, official


QUERIES = (
    # Names with diacritics and without.
    Judged(
        "Bắc Ninh",
        ("jp-bacninh-electronics.txt", "kr-bacninh-display.txt", "cn-bacninh-ev.txt"),
        "name",
    ),
    Judged("Bac Ninh electronics", ("jp-bacninh-electronics.txt",), "folded"),
    Judged("Đà Nẵng software", ("jp-danang-it.txt",), "name"),
    Judged("Da Nang semiconductor", ("us-danang-chips.txt",), "folded"),
    Judged("Thái Nguyên steel", ("vn-thainguyen-steel.txt",), "name"),
    Judged("Dong Nai chemicals", ("de-dongnai-chemicals.txt",), "folded"),
    Judged("Nghe An coffee", ("vn-nghean-coffee.txt",), "folded"),
    Judged("Can Tho farmers", ("au-cantho-agriculture.txt",), "folded"),
    Judged("Thanh Hoá cement", ("th-thanhhoa-cement.txt",), "name"),
    # Misspellings.
    Judged(
        "Bac Nihn",
        ("jp-bacninh-electronics.txt", "kr-bacninh-display.txt", "cn-bacninh-ev.txt"),
        "typo",
    ),
    Judged(
        "investmnet Bac Nihn",
        ("jp-bacninh-electronics.txt", "kr-bacninh-display.txt", "cn-bacninh-ev.txt"),
        "typo",
    ),
    Judged("semiconducter Da Nang", ("us-danang-chips.txt",), "typo"),
    Judged("Singapor industrial park", ("sg-binhduong-vsip.txt",), "typo"),
    Judged("motorbke Vinh Phuc", ("tw-vinhphuc-motorbike.txt",), "typo"),
    Judged("pharmacuetical plant", ("in-hcmc-pharma.txt",), "typo"),
    Judged("Korean electronics investmnet Thai Nguyen", ("kr-thainguyen-samsung.txt",), "typo"),
    Judged("Quang Nimh tourists", ("kr-quangninh-tourism.txt",), "typo"),
    Judged("scholarhsips American universities", ("us-hanoi-education.txt",), "typo"),
    Judged("Guangxy delegation", ("cn-bacgiang-guangxi.txt",), "typo"),
    # Aliases.
    Judged("HCMC", ("sg-hcmc-finance.txt", "in-hcmc-pharma.txt"), "alias"),
    Judged("Saigon banks", ("sg-hcmc-finance.txt",), "alias"),
    Judged("RoK display factory", ("kr-bacninh-display.txt",), "alias"),
    Judged("BR-VT port", ("vn-brvt-port.txt",), "alias"),
    Judged("Hue citadel", ("vn-hue-heritage.txt",), "alias"),
    Judged("Thua Thien Hue", ("vn-hue-heritage.txt",), "alias"),
    Judged("Danang", ("jp-danang-it.txt", "us-danang-chips.txt"), "alias"),
    # Quoted phrases; a headline quoted should come first.
    Judged(
        '"Korean display supplier opens second factory in Bac Ninh"',
        ("kr-bacninh-display.txt",),
        "phrase",
    ),
    Judged('"Japanese electronics maker"', ("jp-bacninh-electronics.txt",), "phrase"),
    Judged('"ODA loan"', ("jp-hanoi-oda-metro.txt",), "phrase"),
    Judged('"border market"', ("cn-laocai-yunnan.txt",), "phrase"),
    Judged('"deep-water port"', ("vn-brvt-port.txt",), "phrase"),
    # Demonyms and countries: articles tagged with the country count.
    Judged(
        "Chinese investment",
        ("cn-bacgiang-guangxi.txt", "cn-haiphong-port.txt", "cn-bacninh-ev.txt"),
        "demonym",
    ),
    Judged("China delegation", ("cn-bacgiang-guangxi.txt",), "demonym"),
    Judged("German investors", ("de-dongnai-chemicals.txt",), "demonym"),
    Judged("Taiwanese factory", ("tw-vinhphuc-motorbike.txt",), "demonym"),
    Judged("Thai investment", ("th-thanhhoa-cement.txt",), "demonym"),
    Judged("Australia climate", ("au-cantho-agriculture.txt",), "demonym"),
    Judged("India pharmaceutical", ("in-hcmc-pharma.txt",), "demonym"),
    Judged("Japan garment", ("jp-quangnam-textile.txt",), "demonym"),
    # Old and new province names (Vietnam's 2025 reform).
    Judged("Bac Giang solar", ("kr-bacgiang-solar.txt",), "old-new"),
    Judged("Bac Ninh Guangxi", ("cn-bacgiang-guangxi.txt",), "old-new"),
    Judged("Phu Tho motorbike", ("tw-vinhphuc-motorbike.txt",), "old-new"),
    Judged("Vinh Phuc Korean garment", ("kr-phutho-garment.txt",), "old-new"),
    Judged("Hai Phong auto parts", ("jp-haiduong-auto.txt",), "old-new"),
    Judged("Ho Chi Minh City Singaporean park", ("sg-binhduong-vsip.txt",), "old-new"),
    Judged("Da Nang garment", ("jp-quangnam-textile.txt",), "old-new"),
    # Officials, with and without diacritics.
    Judged(
        "Nguyen Van Hung",
        ("jp-bacninh-electronics.txt", "jp-hanoi-ambassador-meeting.txt"),
        "official",
    ),
    Judged("Trần Thị Mai Lan", ("jp-quangnam-textile.txt",), "official"),
    Judged("Pham Duc Thang", ("us-danang-chips.txt",), "official"),
    Judged(
        "Tanaka Hiroshi ODA",
        ("jp-hanoi-oda-metro.txt", "jp-hanoi-ambassador-meeting.txt"),
        "official",
    ),
    Judged(
        "ambassador Park Ji-won", ("kr-bacninh-display.txt", "kr-hanoi-culture.txt"), "official"
    ),
    Judged("Le Quang Dao", ("vn-thainguyen-steel.txt",), "official"),
)
