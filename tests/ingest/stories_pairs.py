"""Hand-written test pairs for story grouping: edited copies of one story vs different stories.

Every text here is invented for these tests (companies, people and figures included); none is
copied from a real article. A positive pair is one wire story as another outlet might run it:
another dateline or credit, reworded sentences, paragraphs added or cut. A negative pair is two
different stories on the same topic, often in the same province and with the same stock phrases.
"""

from __future__ import annotations

TEXTS: dict[str, str] = {}

# -- Korean electronics plant in Bac Ninh ---------------------------------------------------------

TEXTS[
    "kr_plant"
] = """Bac Ninh (VNA) – South Korea's Daesan Electronics will invest a further 450 million USD to \
expand its camera module plant in Que Vo industrial park, raising its total capital in Bac Ninh \
province to 1.2 billion USD.

The investment certificate was handed over on Tuesday by Vice Chairman of the provincial People's \
Committee Dao Quang Thinh, who said the province would help the company recruit 3,000 more workers \
and finish land clearance for the new workshop before the end of the year.

Daesan's general director Park Jin-woo said the plant would supply lenses and sensors for \
smartphones assembled in northern Vietnam and export the rest to India and Brazil. Production on the \
new lines is expected to start in the third quarter of next year.

Bac Ninh is home to more than 600 Korean projects, most of them suppliers of the electronics \
industry, according to the provincial Department of Planning and Investment./.
"""

TEXTS[
    "kr_plant_vns"
] = """BAC NINH — Korean firm Daesan Electronics will invest an additional 450 million USD to \
expand its camera module plant in Que Vo industrial park, raising its total capital in Bac Ninh \
province to 1.2 billion USD.

The investment certificate was handed over on Tuesday by Vice Chairman of the provincial People's \
Committee Dao Quang Thinh, who said the province would help the company recruit 3,000 more workers \
and complete land clearance for the new workshop before the end of the year.

Daesan's general director Park Jin-woo said the plant would supply lenses and sensors for \
smartphones assembled in northern Vietnam and export the rest to India and Brazil. Production on the \
new lines is expected to begin in the third quarter of next year.

Bac Ninh is home to more than 600 Korean projects, most of them suppliers of the electronics \
industry, according to the provincial Department of Planning and Investment. — VNS
"""

TEXTS[
    "kr_plant_short"
] = """Hanoi, March 12 (Nhan Dan) - South Korea's Daesan Electronics will invest a further \
450 million USD to expand its camera module plant in Que Vo industrial park, raising its total \
capital in Bac Ninh province to 1.2 billion USD.

The investment certificate was handed over on Tuesday by Vice Chairman of the provincial People's \
Committee Dao Quang Thinh, who said the province would help the company recruit 3,000 more workers \
and finish land clearance for the new workshop before the end of the year.
"""

TEXTS[
    "kr_plant_reworded"
] = """Bac Ninh (VOV) – Daesan Electronics of the Republic of Korea is putting another \
450 million USD into its camera module plant in Que Vo industrial park, which lifts its total \
capital in Bac Ninh province to 1.2 billion USD.

Vice Chairman of the provincial People's Committee Dao Quang Thinh handed over the investment \
certificate on Tuesday. He said the province would help the company recruit 3,000 more workers \
and finish land clearance for the new workshop before the end of the year.

According to general director Park Jin-woo, the plant will supply lenses and sensors for \
smartphones assembled in northern Vietnam, with the rest exported to India and Brazil. Production \
on the new lines should start in the third quarter of next year.

Bac Ninh is home to more than 600 Korean projects, most of them suppliers of the electronics \
industry, the provincial Department of Planning and Investment said.
"""

# A different Korean plant in the same province, written in the same house style.
TEXTS[
    "kr_plant_other"
] = """Bac Ninh (VNA) – South Korea's Hanul Precision will build a 230 million USD factory \
making printed circuit boards in Yen Phong II industrial park, the Bac Ninh provincial People's \
Committee announced on Friday.

Chairman of the provincial People's Committee Vuong Quoc Tuan presented the investment certificate \
to the company and asked it to give priority to local workers and to meet strict environmental \
standards on waste water.

Hanul's chief executive Lee Sang-hoon said the factory would employ 1,800 people when it reaches \
full capacity in 2027 and would sell most of its boards to car makers in Europe.

Bac Ninh ranks among the top provinces for foreign direct investment, with Korean firms accounting \
for a large share of its registered capital, according to the provincial Department of Planning \
and Investment./.
"""

TEXTS[
    "kr_forum"
] = """Bac Ninh (VNA) – Leaders of Bac Ninh province met members of the Korean Chamber of \
Commerce in Vietnam on Wednesday to discuss vocational training for workers in the province's \
industrial parks.

Korean firms said they found it increasingly hard to hire skilled technicians and asked the \
province to open more short courses in automation and quality control. Director of the provincial \
Department of Labour Nguyen Thi Lan said three vocational colleges would add evening classes from \
September.

Chamber chairman Kim Dong-hyun proposed a joint fund with the province to send young engineers \
for internships at factories in Korea. Provincial leaders welcomed the idea and promised to study \
it.

Bac Ninh is home to more than 600 Korean projects, most of them in electronics./.
"""

TEXTS[
    "kr_forum_edited"
] = """Bac Ninh, June 4 (Thanh Nien) – Bac Ninh province's leaders met members of the Korean \
Chamber of Commerce in Vietnam on Wednesday to talk about vocational training for workers in the \
province's industrial parks.

Korean firms said they found it increasingly hard to hire skilled technicians and asked the \
province to open more short courses in automation and quality control. Director of the provincial \
Department of Labour Nguyen Thi Lan said three vocational colleges would add evening classes from \
September.

Chamber chairman Kim Dong-hyun proposed a joint fund with the province to send young engineers \
for internships at factories in Korea.

Photo: Provincial leaders and Korean business representatives at the meeting. (Photo: Thanh Nien)
"""

# -- Japanese investors in Hai Phong -----------------------------------------------------------------

TEXTS[
    "jp_tour"
] = """Hai Phong (VNA) – A delegation of 40 Japanese companies led by the Japan External Trade \
Organisation toured the Deep C and Trang Due industrial parks in Hai Phong on Thursday, looking for \
sites for factories making car parts and medical equipment.

Vice Chairwoman of the municipal People's Committee Le Thi Kim Dung told the visitors that the \
city would cut the time needed to approve projects to 15 days and had set aside 500 hectares of \
ready land for high-tech manufacturers.

The head of the delegation, Sato Kenji, said Japanese firms valued Hai Phong's deep-water port and \
expressway links to Hanoi, but wanted more reliable power supply in the summer months.

Japan is the third largest investor in Hai Phong, with about 200 valid projects./.
"""

TEXTS[
    "jp_tour_background"
] = """HAI PHONG — A delegation of 40 Japanese companies led by the Japan External Trade \
Organisation toured the Deep C and Trang Due industrial parks in Hai Phong on Thursday, looking for \
sites for factories making car parts and medical equipment.

Vice Chairwoman of the municipal People's Committee Le Thi Kim Dung told the visitors that the \
city would cut the time needed to approve projects to 15 days and had set aside 500 hectares of \
ready land for high-tech manufacturers.

The head of the delegation, Sato Kenji, said Japanese firms valued Hai Phong's deep-water port and \
expressway links to Hanoi, but wanted more reliable power supply in the summer months.

Last year the northern port city attracted 3.1 billion USD of foreign direct investment, the \
highest in its history, led by projects in electronics and logistics. The city plans to open two \
more industrial parks along the coast by 2026, and is building a new terminal at Lach Huyen port \
that will be able to receive the largest container ships.

Japan is the third largest investor in Hai Phong, with about 200 valid projects. — VNS
"""

TEXTS[
    "jp_tour_dateline"
] = """Hai Phong, Oct 10 (Tuoi Tre) - A delegation of 40 Japanese businesses led by the Japan \
External Trade Organisation visited the Deep C and Trang Due industrial parks in Hai Phong on \
Thursday, looking for sites for factories making car parts and medical equipment.

Vice Chairwoman of the municipal People's Committee Le Thi Kim Dung told the visitors that the \
city would cut the time needed to approve projects to 15 days and had set aside 500 hectares of \
ready land for high-tech manufacturers.

Delegation head Sato Kenji said Japanese firms valued Hai Phong's deep-water port and expressway \
links to Hanoi, but wanted a more reliable power supply in summer.

Japan is the third largest investor in Hai Phong, with about 200 valid projects.

By Minh Anh
"""

TEXTS[
    "jp_oda"
] = """Hai Phong (VNA) – The Japan International Cooperation Agency signed a loan agreement \
worth 21 billion JPY with Hai Phong on Monday to build a waste water treatment plant and ten \
kilometres of drainage canals in the city's western districts.

The project, due to be finished in 2028, will treat 60,000 cubic metres of waste water a day and \
reduce flooding in the rainy season, said Chairman of the municipal People's Committee Nguyen Van \
Tung.

JICA's chief representative in Vietnam, Takahashi Yuki, said the loan carried an interest rate of \
0.3 percent a year over 40 years, and that Japanese consultants would help the city design the \
plant.

Japan is the largest provider of official development assistance to Vietnam./.
"""

TEXTS[
    "jp_oda_edited"
] = """HAI PHONG — The Japan International Cooperation Agency (JICA) on Monday signed a loan \
agreement worth 21 billion JPY with Hai Phong to build a waste water treatment plant and ten \
kilometres of drainage canals in the city's western districts.

The project, due to be completed in 2028, will treat 60,000 cubic metres of waste water a day and \
reduce flooding in the rainy season, said Chairman of the municipal People's Committee Nguyen Van \
Tung.

JICA's chief representative in Vietnam, Takahashi Yuki, said the loan carried an interest rate of \
0.3 percent a year over 40 years.

Japan is the largest provider of official development assistance to Vietnam, with commitments of \
more than 30 billion USD since 1992. — VNS
"""

TEXTS[
    "kr_oda_quangnam"
] = """Quang Nam (VNA) – The Korea Eximbank signed a loan agreement worth 45 million USD \
with Quang Nam province on Friday to build a waste water treatment plant and upgrade drainage in \
the old town of Hoi An.

The project, due to be finished in 2027, will treat 20,000 cubic metres of waste water a day and \
protect the old town from flooding, said Chairman of the provincial People's Committee Le Van Dung.

The bank's representative in Hanoi, Choi Min-jae, said the loan carried an interest rate of 0.5 \
percent a year over 30 years and that Korean engineers would supervise the works.

Korea is the second largest provider of official development assistance to Vietnam./.
"""

# -- Singapore in Binh Duong -----------------------------------------------------------------------

TEXTS[
    "sg_vsip"
] = """Binh Duong (VNA) – The Vietnam Singapore Industrial Park joint venture broke ground on \
its fourth park in Binh Duong province on Saturday, a 900-hectare site in Bau Bang district that \
will cost 640 million USD to develop.

The new park will focus on clean industries, with rooftop solar power, recycled water and a \
logistics centre linked to the Ho Chi Minh City ring road, said the joint venture's chief executive \
Tan Wei Ming.

Secretary of the provincial Party Committee Nguyen Van Loi said the first three parks had attracted \
more than 14 billion USD and employed 300,000 workers, and asked Singaporean partners to bring more \
research and development to the province.

Singapore is the largest foreign investor in Binh Duong./.
"""

TEXTS[
    "sg_vsip_edited"
] = """BINH DUONG — The Vietnam Singapore Industrial Park joint venture started construction \
of its fourth park in the southern province of Binh Duong on Saturday. The 900-hectare site in Bau \
Bang district will cost 640 million USD to develop.

The new park will focus on clean industries, with rooftop solar power, recycled water and a \
logistics centre linked to the Ho Chi Minh City ring road, said the joint venture's chief executive \
Tan Wei Ming.

Secretary of the provincial Party Committee Nguyen Van Loi said the first three parks had attracted \
more than 14 billion USD and employed 300,000 workers.

Singapore is the largest foreign investor in Binh Duong. — VNS
"""

TEXTS[
    "sg_logistics"
] = """Binh Duong (VNA) – Singapore's Meridian Logistics opened a 120 million USD warehouse \
and cold storage centre in Bau Bang district of Binh Duong province on Tuesday, the largest of its \
kind in southern Vietnam.

The centre covers 25 hectares and will store fruit, seafood and medicines for export through the \
Cai Mep port, said Meridian's regional director Lim Hui Ling.

Vice Chairman of the provincial People's Committee Nguyen Loc Ha said Binh Duong needed modern \
logistics to keep its industrial parks competitive and would support the company's plan to add \
an inland container depot.

Singapore is the largest foreign investor in Binh Duong./.
"""

TEXTS[
    "sg_logistics_edited"
] = """Ho Chi Minh City, May 21 (Saigon Giai Phong) – Singaporean company Meridian \
Logistics on Tuesday opened a 120 million USD warehouse and cold storage centre in Bau Bang district \
of Binh Duong province, the largest of its kind in southern Vietnam.

The centre covers 25 hectares and will store fruit, seafood and medicines for export through the \
Cai Mep port, Meridian's regional director Lim Hui Ling said at the opening.

Vice Chairman of the provincial People's Committee Nguyen Loc Ha said Binh Duong needed modern \
logistics to keep its industrial parks competitive and would support the company's plan to add \
an inland container depot.
"""

# -- FDI figures: the same ministry report format, different months --------------------------------

TEXTS[
    "fdi_q1"
] = """Hanoi (VNA) – Foreign direct investment registered in Vietnam in the first quarter \
reached 6.2 billion USD, up 13 percent from a year earlier, the Ministry of Planning and Investment's \
Foreign Investment Agency said on Thursday.

Disbursed capital was 4.6 billion USD, the highest first-quarter figure in five years. \
Manufacturing and processing took 4.1 billion USD of the new capital, followed by real estate with \
900 million USD.

Singapore led the 62 countries and territories investing in the period with 1.8 billion USD, \
ahead of Japan and South Korea. Bac Ninh, Hai Phong and Binh Duong were the provinces that \
attracted the most capital.

Newly registered projects numbered 712, while 295 existing projects raised their capital./.
"""

TEXTS[
    "fdi_q1_edited"
] = """HANOI — Vietnam attracted 6.2 billion USD of registered foreign direct investment in \
the first quarter, up 13 percent year on year, the Foreign Investment Agency under the Ministry of \
Planning and Investment said on Thursday.

Disbursed capital was 4.6 billion USD, the highest first-quarter figure in five years. \
Manufacturing and processing took 4.1 billion USD of the new capital, followed by real estate with \
900 million USD.

Singapore led the 62 countries and territories investing in the period with 1.8 billion USD, \
ahead of Japan and South Korea. Bac Ninh, Hai Phong and Binh Duong were the provinces that \
attracted the most capital.

Newly registered projects numbered 712, while 295 existing projects raised their capital.

Economists said the figures showed continued confidence in Vietnam as a manufacturing base despite \
weaker demand in export markets. — VNS
"""

TEXTS[
    "fdi_h1"
] = """Hanoi (VNA) – Foreign direct investment registered in Vietnam in the first six months \
reached 15.3 billion USD, up 8 percent from a year earlier, the Ministry of Planning and Investment's \
Foreign Investment Agency said on Saturday.

Disbursed capital was 10.8 billion USD, a record for the first half. Manufacturing and processing \
took 10.1 billion USD of the new capital, followed by electricity production with 1.4 billion USD.

South Korea led the 88 countries and territories investing in the period with 3.9 billion USD, \
ahead of Singapore and China. Quang Ninh, Ho Chi Minh City and Bac Giang were the localities that \
attracted the most capital.

Newly registered projects numbered 1,538, while 611 existing projects raised their capital./.
"""

# -- Danish wind power -----------------------------------------------------------------------------

TEXTS[
    "dk_wind_binhthuan"
] = """Binh Thuan (VNA) – Danish energy company Nordvind signed a memorandum with Binh Thuan \
province on Monday to study a 2,000-megawatt offshore wind farm about 30 kilometres off the coast \
of Tuy Phong district.

The company will spend two years measuring wind speeds and surveying the seabed before asking for \
an investment licence, said its Vietnam director Anders Holm. The farm could cost up to 6 billion \
USD and supply power to the southern grid from 2031.

Chairman of the provincial People's Committee Doan Anh Dung said Binh Thuan had some of the best \
wind conditions in Southeast Asia and would help the company with the survey permits.

Denmark has supported Vietnam's energy planning since 2013 through a partnership programme./.
"""

TEXTS[
    "dk_wind_binhthuan_edited"
] = """Phan Thiet, Nov 4 (Tien Phong) – Danish energy firm Nordvind on Monday signed a \
memorandum of understanding with Binh Thuan province to study a 2,000MW offshore wind farm some 30 \
kilometres off the coast of Tuy Phong district.

The firm will spend two years measuring wind speeds and surveying the seabed before applying for \
an investment licence, its Vietnam director Anders Holm said. The project could cost up to 6 \
billion USD and supply power to the southern grid from 2031.

Chairman of the provincial People's Committee Doan Anh Dung said Binh Thuan had some of the best \
wind conditions in Southeast Asia and would help the company with the survey permits.
"""

TEXTS[
    "dk_wind_quangtri"
] = """Quang Tri (VNA) – Danish developer Skagen Power signed an agreement with Quang Tri \
province on Thursday to build a 144-megawatt onshore wind farm in Huong Hoa district, at a cost of \
about 250 million USD.

The farm will have 36 turbines and is expected to feed the national grid by the end of 2026, said \
the company's project director Mette Lund. Local people will be trained to maintain the turbines.

Vice Chairman of the provincial People's Committee Hoang Nam said Quang Tri wanted to become an \
energy centre of the central region and had approved land for three more wind projects.

Denmark has supported Vietnam's energy planning since 2013 through a partnership programme./.
"""

# -- US semiconductors in Da Nang ------------------------------------------------------------------

TEXTS[
    "us_chips"
] = """Da Nang (VNA) – US chip designer Brightline Semiconductor opened a design centre in \
the Da Nang Hi-Tech Park on Friday, with plans to employ 500 engineers by 2027.

The centre will design power management chips for electric vehicles and data centres, said the \
company's senior vice president Michael Grant, adding that Da Nang's universities trained enough \
young engineers to make the city a good base.

Chairman of the municipal People's Committee Le Trung Chinh said the city had set up a fund to \
train 5,000 chip engineers by 2030 and would offer scholarships to students who join the industry.

The United States is among the ten largest investors in Da Nang./.
"""

TEXTS[
    "us_chips_edited"
] = """DA NANG — American chip designer Brightline Semiconductor on Friday opened a design \
centre in Da Nang Hi-Tech Park and plans to employ 500 engineers there by 2027.

The centre will design power management chips for electric vehicles and data centres, senior vice \
president Michael Grant said, adding that Da Nang's universities trained enough young engineers to \
make the city a good base.

Chairman of the municipal People's Committee Le Trung Chinh said the city had set up a fund to \
train 5,000 chip engineers by 2030 and would offer scholarships to students who join the industry.

Brightline, founded in California in 2009, also has design teams in Bangalore and Penang. — VNS
"""

TEXTS[
    "us_chips_hcmc"
] = """Ho Chi Minh City (VNA) – US chip maker Coastal Microdevices will open a testing and \
packaging plant in the Saigon Hi-Tech Park next year, with an investment of 300 million USD.

The plant will test chips for mobile phones and cars and employ 1,200 workers, said the company's \
vice president Laura Chen, adding that Vietnam's young workforce was the main reason for choosing \
the city.

Vice Chairman of the municipal People's Committee Vo Van Hoan said the city would train chip \
engineers at its universities and offer land rent exemptions to the industry.

The United States is among the ten largest investors in Ho Chi Minh City./.
"""

# -- Diplomatic meetings ---------------------------------------------------------------------------

TEXTS[
    "jp_ambassador"
] = """Hanoi (VNA) – Minister of Planning and Investment Tran Van Son received Japanese \
Ambassador Yamada Takio in Hanoi on Wednesday, discussing new ODA loans for railways and ways to \
speed up stalled projects.

The minister thanked Japan for being Vietnam's largest ODA partner and asked Japanese lenders to \
simplify procedures for the North-South expressway and the Ben Thanh - Suoi Tien metro line.

The ambassador said Japan would consider a new generation of ODA with lower interest rates for \
climate projects, and asked Vietnam to settle tax refunds for Japanese firms more quickly.

Both sides agreed to hold the Vietnam - Japan joint committee on investment in Tokyo in November./.
"""

TEXTS[
    "jp_ambassador_edited"
] = """HANOI — Minister of Planning and Investment Tran Van Son on Wednesday hosted a \
reception for Japanese Ambassador Yamada Takio, with the two discussing new ODA loans for railways \
and ways to speed up stalled projects.

The minister thanked Japan for being Vietnam's largest ODA partner and asked Japanese lenders to \
simplify procedures for the North-South expressway and the Ben Thanh - Suoi Tien metro line.

The ambassador said Japan would consider a new generation of ODA with lower interest rates for \
climate projects, and asked Vietnam to settle tax refunds for Japanese firms more quickly. — VNS
"""

TEXTS[
    "kr_ambassador"
] = """Hanoi (VNA) – Minister of Planning and Investment Tran Van Son received South Korean \
Ambassador Choi Young-sam in Hanoi on Tuesday, discussing Korean investment in semiconductors and \
support for Vietnamese suppliers.

The minister said Korea was Vietnam's largest foreign investor and asked Korean groups to transfer \
more technology and to buy more parts from Vietnamese companies.

The ambassador said Korean firms planned to expand research centres in Vietnam and asked the \
ministry to help them with power supply and with permits for foreign experts.

Both sides agreed to prepare for the Vietnam - Korea business forum in Seoul in December./.
"""

# -- Short items: one sentence changed, and two briefs from one template ---------------------------

TEXTS[
    "brief_thainguyen"
] = """Thai Nguyen (VNA) – The Thai Nguyen provincial People's Committee on Monday granted \
an investment certificate to Chinese company Jinhua Textiles for a 75 million USD yarn factory in \
Diem Thuy industrial park. The factory will employ 900 workers and start production in the second \
half of next year, the province said./.
"""

TEXTS[
    "brief_thainguyen_edited"
] = """THAI NGUYEN — The Thai Nguyen provincial People's Committee on Monday granted \
an investment certificate to Chinese company Jinhua Textiles for a 75 million USD yarn factory in \
Diem Thuy industrial park. The factory will have 900 employees and start production in the second \
half of next year, according to the province. — VNS
"""

TEXTS[
    "brief_bacgiang"
] = """Bac Giang (VNA) – The Bac Giang provincial People's Committee on Monday granted an \
investment certificate to Chinese company Hengtai Glass for a 120 million USD solar glass factory \
in Quang Chau industrial park. The factory will employ 1,100 workers and start production at the \
end of next year, the province said./.
"""

TEXTS[
    "hn_forum"
] = """Hanoi (VNA) – More than 300 businesses from Japan, Korea and Singapore attended an \
investment promotion conference in Hanoi on Thursday, where the city presented 45 projects in \
urban railways, waste treatment and high-tech agriculture worth 8 billion USD in total.

Chairman of the municipal People's Committee Tran Sy Thanh said Hanoi would set up a one-stop \
service for foreign investors and hand over land for the projects within six months of approval.

Representatives of the business associations asked the city to publish its zoning plans online \
and to shorten the time needed for construction permits./.
"""

TEXTS[
    "hn_forum_edited"
] = """Hanoi, Sept 14 (Kinh te & Do thi) – More than 300 businesses from Japan, the \
Republic of Korea and Singapore attended an investment promotion conference in Hanoi on Thursday, \
at which the city presented 45 projects in urban railways, waste treatment and high-tech \
agriculture worth a combined 8 billion USD.

Chairman of the municipal People's Committee Tran Sy Thanh said Hanoi would set up a one-stop \
service for foreign investors and hand over land for the projects within six months of approval.

Business associations' representatives asked the city to publish its zoning plans online and to \
shorten the time needed for construction permits.

The conference is held every year to draw foreign capital into the capital's infrastructure. \
Last year's edition ended with 12 signed memoranda.

Reporter: Thu Ha
"""

# (name a, name b, the same story?, what differs)
PAIRS: list[tuple[str, str, bool, str]] = [
    # Edited copies of one story.
    ("kr_plant", "kr_plant_vns", True, "dateline and credit, two words changed"),
    ("kr_plant", "kr_plant_short", True, "last two paragraphs cut, other dateline"),
    ("kr_plant", "kr_plant_reworded", True, "most sentences reworded"),
    ("kr_plant_vns", "kr_plant_short", True, "two edits of one wire story"),
    ("kr_plant_short", "kr_plant_reworded", True, "cut and reworded"),
    ("kr_forum", "kr_forum_edited", True, "dateline, a sentence cut, photo caption added"),
    ("jp_tour", "jp_tour_background", True, "a background paragraph added"),
    ("jp_tour", "jp_tour_dateline", True, "dateline, byline, a sentence reworded"),
    ("jp_tour_background", "jp_tour_dateline", True, "background added vs reworded"),
    ("jp_oda", "jp_oda_edited", True, "a sentence cut, a clause added"),
    ("sg_vsip", "sg_vsip_edited", True, "lede split and reworded, a clause cut"),
    ("sg_logistics", "sg_logistics_edited", True, "dateline, last paragraph cut"),
    ("fdi_q1", "fdi_q1_edited", True, "lede reworded, a paragraph added"),
    ("dk_wind_binhthuan", "dk_wind_binhthuan_edited", True, "reworded, last paragraph cut"),
    ("us_chips", "us_chips_edited", True, "lede reworded, last paragraph replaced"),
    ("jp_ambassador", "jp_ambassador_edited", True, "lede reworded, last paragraph cut"),
    ("brief_thainguyen", "brief_thainguyen_edited", True, "a short brief with two phrases changed"),
    ("hn_forum", "hn_forum_edited", True, "reworded, paragraph and byline added"),
    # Different stories on the same topic.
    ("kr_plant", "kr_plant_other", False, "two Korean factories in Bac Ninh"),
    ("kr_plant", "kr_forum", False, "Korean plant vs Korean business forum, Bac Ninh"),
    ("kr_plant_other", "kr_forum", False, "Korean factory vs training forum, Bac Ninh"),
    ("kr_plant_short", "kr_plant_other", False, "a short Korean plant story vs another plant"),
    ("jp_tour", "jp_oda", False, "Japanese tour vs JICA loan, Hai Phong"),
    ("jp_oda", "kr_oda_quangnam", False, "two waste water loans in one template"),
    ("sg_vsip", "sg_logistics", False, "two Singaporean projects in Bau Bang"),
    ("fdi_q1", "fdi_h1", False, "quarterly vs half-year FDI figures, one template"),
    ("dk_wind_binhthuan", "dk_wind_quangtri", False, "two Danish wind projects"),
    ("us_chips", "us_chips_hcmc", False, "two US chip projects"),
    ("jp_ambassador", "kr_ambassador", False, "one minister, two ambassadors"),
    ("brief_thainguyen", "brief_bacgiang", False, "two briefs from one template"),
    ("hn_forum", "fdi_q1", False, "investment conference vs FDI figures"),
    ("jp_oda_edited", "jp_tour_background", False, "two Hai Phong stories, both edited"),
]
