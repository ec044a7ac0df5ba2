"""A small corpus of invented articles for page and search tests (no real article text)."""

ARTICLES = {
    "jp-bacninh.txt": """ date 2023-03-14 Japanese electronics maker expands in Bac Ninh
Bac Ninh (VNA) – A Japanese electronics maker will invest 200 million USD to expand its factory in \
Bắc Ninh province, Chairman of the provincial People's Committee Nguyen Huong Giang said on Monday.

The project adds to Japan's ODA-backed infrastructure in the northern province./.
""",
    "kr-bacninh.txt": """ date 2024-05-02 Korean investors flock to Bac Ninh industrial parks
Bac Ninh (VNA) – South Korean firms registered 1.5 billion USD in new projects in Bac Ninh \
province in the first four months, the provincial Department of Planning and Investment said.

Korean Ambassador to Vietnam Choi Young-sam visited the parks on Thursday./.
""",
    "jp-hanoi.txt": """ date 2024-06-20 Hanoi seeks Japanese ODA for metro lines
Ha Noi (VNA) – Hanoi asked Japan to continue providing ODA for its urban railway lines, \
Chairman of the Hanoi People's Committee Tran Sy Thanh told Japanese Ambassador Ito Naoki on Tuesday.

Ito said Japanese investors regard Hanoi as an attractive destination./.
""",
    "sg-binhduong.txt": """ date 2022-09-08 Singaporean developer opens new park in Binh Duong
Binh Duong (VNA) – A Singaporean developer opened its newest industrial park in Binh Duong province \
on Thursday, with 300 million USD of registered capital.

Vietnam has welcomed Singapore as its largest investor this year./.
""",
    "us-danang.txt": """US firms eye Da Nang semiconductors
Da Nang (VNS) – American semiconductor firms are studying projects in Da Nang city, Vice Chairman of \
the municipal People's Committee Ho Ky Minh said at a meeting with a US business delegation.

The US delegation also visited Quang Nam province. — VNS
""",
}
