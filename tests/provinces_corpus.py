"""Invented articles naming Vietnamese provinces (before and after the 2025 reform) and foreign
places, for the province facets, map and matrix tests (web and browser)."""

PLACES = {
    "bg-korea.txt": """ date 2024-02-10 Korean component makers from Gumi choose Bac Giang
Bac Giang (VNA) – Three component makers from Gumi in South Korea signed land leases in Bac Giang province on Saturday, the provincial investment board said./.
""",
    "bn-japan.txt": """ date 2024-03-12 Aichi delegation visits Bac Ninh electronics parks
Bac Ninh (VNA) – A business delegation from Aichi, Japan, toured industrial parks in Bac Ninh province and discussed supplier links with local firms./.
""",
    "bn-korea.txt": """ date 2024-04-15 Seoul fund backs Bac Ninh logistics hub
Bac Ninh (VNA) – An investment fund based in Seoul, South Korea, will finance a logistics hub in Bac Ninh province, officials said./.
""",
    "hn-japan.txt": """ date 2024-05-20 Hanoi and Japan review metro loans
Hanoi (VNA) – Hanoi city leaders and Japan's development agency reviewed loans for two metro lines./.
""",
    "hd-korea.txt": """ date 2024-06-02 South Korean textile firm expands in Hai Duong
Hai Duong (VNA) – A South Korean textile company opened a second plant in Hai Duong province, hiring 800 workers./.
""",
}
