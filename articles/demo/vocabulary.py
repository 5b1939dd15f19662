# ruff: noqa: E501 -- long template strings read better unbroken.
"""Word lists and sentence templates for the demo archive.

Everything here is invented for this project: the people, organisations,
publications and prose are fictional.  Countries and capitals are real so the
automatic country tagger has something to find.

Templates are ``str.format`` strings.  Every template may use these slots:

``country``, ``demonym``, ``capital`` (the dateline country), ``partner``,
``partner_demonym``, ``partner_capital`` (a second country), ``official``
(role and name, e.g. "Finance Minister Mara Oyelaran"), ``official_name``,
``official_surname``, ``official_role`` (lower case), ``notable`` (a recurring
invented public figure of the topic), ``notable_surname``, ``notable_role``,
``org`` (an invented organisation of the topic), ``thing`` (a subject of the
topic), ``num``, ``num_word``, ``ordinal``, ``big``, ``pct``, ``small_pct``,
``amount``, ``year``, ``prev_year``, ``next_year``, ``month``, ``weekday``, ``region``.
"""

# (alpha-2 code, name, demonym, capital)
COUNTRIES = [
    ("KE", "Kenya", "Kenyan", "Nairobi"),
    ("VN", "Vietnam", "Vietnamese", "Hanoi"),
    ("RW", "Rwanda", "Rwandan", "Kigali"),
    ("PK", "Pakistan", "Pakistani", "Islamabad"),
    ("IN", "India", "Indian", "New Delhi"),
    ("NG", "Nigeria", "Nigerian", "Abuja"),
    ("BR", "Brazil", "Brazilian", "Brasília"),
    ("UY", "Uruguay", "Uruguayan", "Montevideo"),
    ("CL", "Chile", "Chilean", "Santiago"),
    ("PE", "Peru", "Peruvian", "Lima"),
    ("MX", "Mexico", "Mexican", "Mexico City"),
    ("CA", "Canada", "Canadian", "Ottawa"),
    ("FR", "France", "French", "Paris"),
    ("DE", "Germany", "German", "Berlin"),
    ("IT", "Italy", "Italian", "Rome"),
    ("ES", "Spain", "Spanish", "Madrid"),
    ("PL", "Poland", "Polish", "Warsaw"),
    ("SE", "Sweden", "Swedish", "Stockholm"),
    ("NO", "Norway", "Norwegian", "Oslo"),
    ("EG", "Egypt", "Egyptian", "Cairo"),
    ("MA", "Morocco", "Moroccan", "Rabat"),
    ("GH", "Ghana", "Ghanaian", "Accra"),
    ("ET", "Ethiopia", "Ethiopian", "Addis Ababa"),
    ("ZA", "South Africa", "South African", "Pretoria"),
    ("JP", "Japan", "Japanese", "Tokyo"),
    ("ID", "Indonesia", "Indonesian", "Jakarta"),
    ("AU", "Australia", "Australian", "Canberra"),
    ("BD", "Bangladesh", "Bangladeshi", "Dhaka"),
    ("LK", "Sri Lanka", "Sri Lankan", "Colombo"),
    ("PH", "Philippines", "Filipino", "Manila"),
    ("TH", "Thailand", "Thai", "Bangkok"),
    ("MY", "Malaysia", "Malaysian", "Kuala Lumpur"),
    ("SN", "Senegal", "Senegalese", "Dakar"),
    ("JO", "Jordan", "Jordanian", "Amman"),
    ("PT", "Portugal", "Portuguese", "Lisbon"),
    ("GR", "Greece", "Greek", "Athens"),
    ("IE", "Ireland", "Irish", "Dublin"),
    ("NZ", "New Zealand", "New Zealand", "Wellington"),
    ("CO", "Colombia", "Colombian", "Bogotá"),
    ("TN", "Tunisia", "Tunisian", "Tunis"),
    ("NP", "Nepal", "Nepalese", "Kathmandu"),
]

FIRST_NAMES = [
    "Mara",
    "Tobin",
    "Leilani",
    "Farouk",
    "Ingrid",
    "Caspian",
    "Noor",
    "Emeka",
    "Sabine",
    "Quentin",
    "Yara",
    "Dario",
    "Hesper",
    "Joaquin",
    "Anouk",
    "Rustam",
    "Wren",
    "Adaeze",
    "Lorcan",
    "Priya",
    "Matthias",
    "Soraya",
    "Bexley",
    "Tadeo",
    "Ilse",
    "Kwabena",
    "Marisol",
    "Oskar",
    "Zainab",
    "Florian",
    "Aiko",
    "Benedek",
    "Thandiwe",
    "Cyrus",
    "Rosalind",
    "Elio",
    "Nadia",
    "Gideon",
    "Paloma",
    "Anselm",
]

SURNAMES = [
    "Oyelaran",
    "Vantongeren",
    "Kessleworth",
    "Marchetti-Obi",
    "Thornquist",
    "Delacroix-Amadi",
    "Harrowgate",
    "Santorelli",
    "Mbwambo-Reyes",
    "Lindqvist-Shah",
    "Falkenrath",
    "Quispe-Moreau",
    "Ashdown",
    "Rahimova",
    "Okonjo-Brandt",
    "Vasquez-Lyle",
    "Pemberton-Diallo",
    "Haverkamp",
    "Ferreira-Nkosi",
    "Tamburini",
    "Castellane",
    "Brightwater",
    "Oduro-Lenz",
    "Marquand",
    "Stellan",
    "Abernathy-Kaur",
    "Rosenvold",
    "Tiwari-Holm",
    "Galloway-Sese",
    "Novakova",
    "Wexford",
    "Arkwright",
    "Demirel-Fox",
    "Kallstrom",
    "Ngata-Price",
    "Villanueva-Roth",
]

# Recurring invented figures that searches can find.  (name, role phrase)
NOTABLES = {
    "politics": ("Idris Fenwick-Alaro", "who chairs the Civic Ballot Trust"),
    "economy": ("Ansel Quarrington", "chief economist at the Meridian Development Fund"),
    "defence": ("Tomasz Elbridge", "a senior fellow at the Halden Centre for Security Studies"),
    "diplomacy": ("Dalia Morvane", "the special envoy of the Coastal States Forum"),
    "climate": ("Nadira Hollis-Vane", "a hydrologist at the Institute for Monsoon Studies"),
    "health": ("Ysolde Marrack", "who leads the Regional Health Watch"),
    "science": ("Kofi Brannagh-Sule", "an astrophysicist at the Lantern Peak Observatory"),
    "energy": ("Sunniva Trask", "an analyst at Petrel Grid Analytics"),
    "sport": ("Mireille Oduya-Kant", "the record-breaking middle-distance runner"),
    "culture": ("Rafferty Lunde", "the novelist and festival curator"),
}

REGIONS = [
    "the northern provinces",
    "the coastal districts",
    "the southern highlands",
    "the eastern river valley",
    "the western plains",
    "the border districts",
    "the central plateau",
    "several fast-growing suburbs",
    "the capital region",
    "the island districts",
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ORDINALS = ["third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
NUM_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]

SOURCES = [
    "The Meridian Herald",
    "Daily Lantern",
    "Coastline Courier",
    "Northwind Press Agency",
    "The Evening Compass",
]

REPORTERS = [
    "Hana Ostrowe",
    "Ciaran Mbeki-Lowe",
    "Tessa Arrowood",
    "Junaid Pellham",
    "Marguerite Sola",
    "Ravi Castellanos",
    "Odette Finnerty",
    "Samir Vollrath",
    "Beatrix Kamau-Hale",
    "Lucian Ferro",
    "Amaya Thistlewood",
    "Declan Oyama",
]
DESK_BYLINES = ["Our Correspondent", "Staff Reporter", "Monitoring Desk", "News Desk"]

PHOTO_CREDITS = ["AFP", "Reuters", "AP", "Staff photographer", "EPA", "AFP", "Reuters"]

CAPTIONS = [
    "{official} speaks to reporters in {capital}.",
    "{official} (R) greets a {partner_demonym} delegation in {capital}.",
    "{notable} addresses a gathering in {capital}.",
    "Residents of {capital} look on as officials arrive for the meeting.",
    "A view of {capital}, where the talks were held.",
    "{official} (C) arrives for a meeting with {partner_demonym} officials.",
    "Members of the {demonym} delegation pose for a group photograph.",
    "{notable} (L) talks with {official} (R) on the sidelines of the meeting.",
    "People gather outside a government building in {capital}.",
]

# Noun phrases for "Photo from <date>, shows ..." captions.
CAPTION_SCENES = [
    "{official} speaking to reporters in {capital}",
    "{official} (R) greeting a {partner_demonym} delegation in {capital}",
    "{notable} addressing a gathering in {capital}",
    "residents of {capital} watching as officials arrive for the meeting",
    "members of the {demonym} delegation before the talks",
    "{notable} (L) and {official} (R) on the sidelines of the meeting",
]

# Closing and reaction sentences that fit any topic.
GENERIC_REACTION = [
    "Opposition figures in {capital} said they would study the details before deciding"
    " whether to support the plan.",
    "Officials declined to give a timetable, saying only that further announcements would"
    " follow in the coming weeks.",
    "Business groups in {country} gave the announcement a cautious welcome but asked for"
    " clearer rules on how it would be carried out.",
    "Some analysts questioned whether the measures went far enough, pointing to similar"
    " promises that had stalled in previous years.",
    "Local newspapers in {capital} carried the story on their front pages, and several"
    " commentators described it as a turning point.",
    "Civil society groups urged the authorities to publish the full text so that the public"
    " could judge it for themselves.",
    "A spokesperson for the {demonym} government said the decision reflected months of"
    " consultation with experts and community leaders.",
    "The announcement drew a mixed response on social media, where some users praised the"
    " speed of the decision and others asked who would pay for it.",
    "Diplomats from {partner} said they were following developments closely and were in"
    " regular contact with their counterparts in {capital}.",
    "Residents interviewed in {region} said they had heard similar promises before and would"
    " wait to see results.",
]

GENERIC_OUTLOOK = [
    "A follow-up meeting is expected in {capital} before the end of {year}, officials said.",
    "The next review is due in {next_year}, when officials will report on progress against"
    " the commitments made this week.",
    "Officials said a progress report would be made public within {num_word} months.",
    "Officials said more details would be released once the plans had been finalised.",
    "Further details are expected to be published on the {demonym} government's website in"
    " the coming days.",
    "The {org} said it would publish its own assessment early in {next_year}.",
    "Those involved said they would meet again in the coming weeks to take stock.",
    "Whether the promises made this week are kept will become clear over the coming months,"
    " observers said.",
]

GENERIC_CONTEXT = [
    "The issue has divided opinion in {capital} for years, with successive governments"
    " promising action and then quietly moving on to other priorities.",
    "Population growth in {region} has put new pressure on public services over the past decade.",
    "Figures published by the {org} earlier in {year} suggested the problem was more widespread"
    " than officials had previously acknowledged.",
    "The {demonym} government has faced criticism from both its allies and its opponents over"
    " the pace of change.",
    "Regional leaders have watched developments in {country} closely, seeing them as a test"
    " case for their own plans.",
    "Similar efforts elsewhere in the region have had mixed results, and experts say the"
    " details will matter more than the headlines.",
]

ATTRIBUTION = [
    "officials said on {weekday}",
    "a government statement said on {weekday}",
    "sources familiar with the matter said",
    "according to a statement issued in {capital} on {weekday}",
    "officials told reporters on {weekday}",
    "the ministry said in a statement",
]

EXTERNAL_LINK_TITLES = [
    "Explainer: what the {demonym} reforms mean for ordinary households",
    "Timeline: {country} and {partner} over the decades",
    "In pictures: a week in {capital}",
    "Analysis: five questions raised by the {org} report",
    "Opinion: why {capital} must think beyond the next election",
    "Q&A: {notable} on the road ahead",
    "Fact check: claims about {thing} in {country}",
]

# Editorial teasers: the first word is printed in capitals, as the opinion
# pages do, and the sentence trails off into an ellipsis.
EDITORIAL_TEASERS = [
    "the latest developments in {country} have exposed how little has changed despite"
    " years of promises, and the government owes the public a clear account of",
    "the decision taken in {capital} this week deserves a closer look than it has"
    " received so far, not least because its costs will fall on those least able to",
    "there is a welcome note of realism in the plans announced by the {demonym}"
    " authorities, but realism alone will not deliver the results that",
    "it would be easy to dismiss the warnings from {region} as familiar alarmism;"
    " that would be a mistake, because the evidence now points to",
    "few issues test the patience of citizens as sorely as this one, and the"
    " response from officials so far has been slow, fragmented and",
    "the agreement reached between {country} and {partner} is a step forward, but the"
    " hard part begins now, when commitments on paper must be turned into",
    "when ministers speak of sacrifice, they rarely mean their own, and the plans unveiled"
    " in {capital} are no exception to this unhappy rule, which is why",
    "a government that asks for patience must first show that it has a plan; on the"
    " evidence of the past month, the {demonym} authorities have yet to produce",
    "for all the talk of transformation, the numbers tell a more sobering story, and"
    " nowhere more so than in {region}, where",
    "once again, warnings went unheeded until it was too late, and once again the"
    " people of {region} are left to pick up the pieces while",
    "even the most generous reading of the figures released this week suggests that"
    " {country} is running out of time to",
    "as the dust settles on a turbulent week, it is worth asking what, exactly, the"
    " public has been promised and by whom, since",
]


# The topics.  ``keywords`` become Topic.keywords (one rule per line); they are
# words the topic's own templates use, so the keyword tagger mostly agrees with
# the generator's explicit tags (other topics' prose sometimes trips them too).
TOPICS = [
    {
        "slug": "politics",
        "name": "Politics",
        "section": "National",
        "description": "Elections, parliaments, parties and the business of government.",
        "keywords": [
            "parliament",
            "election",
            "opposition party",
            "coalition",
            "lawmakers",
            "ballot",
        ],
        "roles": [
            "Parliamentary Affairs Minister",
            "Law Minister",
            "Speaker",
            "Interior Minister",
            "Chief Election Commissioner",
        ],
        "orgs": ["Civic Ballot Trust", "National Electoral Board", "Parliamentary Reform Group"],
        "things": [
            "electoral reform",
            "the new voter roll",
            "the constitutional amendment",
            "the party funding law",
            "early elections",
        ],
        "stories": [
            {
                "summary": "The vote on {thing} exposed deep divisions in the {demonym} parliament.",
                "headlines": [
                    "{demonym} parliament approves {thing} after marathon debate",
                    "Lawmakers in {capital} back {thing} by narrow margin",
                ],
                "leads": [
                    "The {demonym} parliament approved {thing} late on {weekday} after a debate"
                    " that stretched past midnight, with {big} people watching the proceedings"
                    " online, {attribution}.",
                    "Lawmakers in {country} voted narrowly in favour of {thing}, handing the"
                    " governing coalition a rare victory after weeks of bargaining, {attribution}.",
                ],
            },
            {
                "summary": "Parties in {country} are preparing for a campaign that could reshape the political map.",
                "headlines": [
                    "{country} sets election date for {month} {next_year}",
                    "{demonym} voters to go to polls in {month}, commission says",
                ],
                "leads": [
                    "{country} will hold its next general election in {month} {next_year},"
                    " the National Electoral Board announced, ending months of speculation about"
                    " the timing of the ballot, {attribution}.",
                    "The {demonym} election commission confirmed that voters will go to the polls"
                    " in {month}, and said more than {big} new voters had been added to the"
                    " rolls, {attribution}.",
                ],
            },
            {
                "summary": "Strains inside the {demonym} governing coalition are growing over {thing}.",
                "headlines": [
                    "{demonym} coalition under strain as {num_word} lawmakers quit",
                    "Opposition party walks out of {demonym} parliament over {thing}",
                ],
                "leads": [
                    "The governing coalition in {country} lost its working majority after"
                    " {num_word} lawmakers resigned from the ruling bloc in protest at {thing},"
                    " {attribution}.",
                    "Members of the main opposition party walked out of parliament in {capital}"
                    " on {weekday}, accusing the government of forcing through {thing} without"
                    " proper scrutiny.",
                ],
            },
            {
                "summary": "The row over {thing} has put the {demonym} {official_role} under fresh pressure.",
                "headlines": [
                    "{official_role} {official_surname} survives no-confidence vote in {capital}",
                    "{demonym} {official_role} faces calls to resign over {thing}",
                ],
                "leads": [
                    "{official} survived a no-confidence vote in the {demonym} parliament on"
                    " {weekday}, winning the support of {num} lawmakers more than were needed,"
                    " {attribution}.",
                    "Pressure mounted on {official} after opposition party leaders in {capital}"
                    " demanded a resignation over the handling of {thing}, {attribution}.",
                ],
            },
            {
                "summary": "Voters in {region} turned out in large numbers, observers said.",
                "headlines": [
                    "Observers praise conduct of {demonym} local elections",
                    "Turnout reaches {pct}pc above forecasts in {demonym} regional ballot",
                ],
                "leads": [
                    "International observers said local elections in {country} had been largely"
                    " peaceful and orderly, although they noted delays at polling stations in"
                    " {region}, {attribution}.",
                    "Turnout in regional elections across {country} ran well ahead of forecasts,"
                    " with long queues reported at polling stations in {region} well before the"
                    " ballot opened, {attribution}.",
                ],
            },
        ],
        "details": [
            "The measure passed with {num} votes to spare, although several members of the"
            " governing coalition abstained.",
            "Under the new rules, candidates will have to declare their assets and sources of"
            " campaign funding {num_word} weeks before election day.",
            "The National Electoral Board said it would recruit {big} additional polling staff"
            " and print ballot papers in {num_word} languages.",
            "Lawmakers from {region} argued that their constituents had been under-represented"
            " in parliament for more than a decade.",
            "The opposition party has promised to challenge {thing} in the courts, arguing that"
            " it breaches the constitution.",
            "A parliamentary committee spent {num_word} months reviewing the proposals and heard"
            " evidence from more than {num} witnesses.",
            "Party officials said they had received {big} membership applications since the"
            " start of the year, a record for the movement.",
        ],
        "quotes": [
            "“This is a good day for {demonym} democracy, and we will not let it be undone,”"
            " {official} told lawmakers.",
            "“Voters deserve to know who is paying for the campaigns that ask for their trust,”"
            " said {notable}, {notable_role}.",
            "“The coalition has lost its moral authority, whatever the arithmetic in parliament"
            " says,” an opposition party spokesperson said.",
            "“We listened to every objection and changed the text where the arguments were"
            " sound,” {official_surname} said at a news conference in {capital}.",
        ],
        "background": [
            "{country} has held regular elections since the early 1990s, but turnout has fallen"
            " steadily among younger voters.",
            "The current coalition took office after a closely fought election in {prev_year}"
            " and has survived several challenges since.",
            "Electoral reform was a central promise of the coalition, whose leaders said the"
            " old rules favoured established parties.",
        ],
    },
    {
        "slug": "economy",
        "name": "Economy",
        "section": "Business",
        "description": "Growth, prices, budgets, trade and the money that moves between them.",
        "keywords": [
            "inflation",
            "central bank",
            "budget",
            "exports",
            "interest rate",
            "trade deficit",
        ],
        "roles": [
            "Finance Minister",
            "Trade Minister",
            "Central Bank Governor",
            "Planning Minister",
        ],
        "orgs": ["Meridian Development Fund", "Regional Trade Council", "Bureau of Statistics"],
        "things": [
            "textile exports",
            "fuel subsidies",
            "the currency",
            "food prices",
            "public debt",
            "farm incomes",
        ],
        "stories": [
            {
                "summary": "The central bank of {country} is trying to tame inflation without choking growth.",
                "headlines": [
                    "{demonym} central bank raises interest rate to {pct} per cent",
                    "{demonym} central bank holds interest rate as inflation eases",
                ],
                "leads": [
                    "The {demonym} central bank changed course on its benchmark interest rate on"
                    " {weekday}, saying inflation had proved more persistent than expected and"
                    " that {thing} remained a concern, {attribution}.",
                    "Policymakers at the central bank of {country} left borrowing costs on hold,"
                    " citing signs that inflation was finally easing after a difficult year for"
                    " households and businesses, {attribution}.",
                ],
            },
            {
                "summary": "The {demonym} budget tries to balance spending on {thing} against a stubborn deficit.",
                "headlines": [
                    "{country} unveils {amount} budget with focus on {thing}",
                    "{demonym} budget for {next_year} cuts spending, raises taxes",
                ],
                "leads": [
                    "{official} presented a budget worth {amount} to parliament in {capital} on"
                    " {weekday}, promising to narrow the deficit while protecting spending on"
                    " {thing}, {attribution}.",
                    "The {demonym} government set out a tighter budget for {next_year}, trimming"
                    " ministry spending and raising taxes on luxury goods in an effort to"
                    " reassure investors, {attribution}.",
                ],
            },
            {
                "summary": "Trade between {country} and {partner} is growing, with {thing} leading the way.",
                "headlines": [
                    "{demonym} exports to {partner} jump {pct}pc in {year}",
                    "{country} and {partner} agree to cut tariffs on {thing}",
                ],
                "leads": [
                    "Exports from {country} to {partner} rose by {pct} per cent over the past"
                    " twelve months, driven by strong demand for {thing}, according to figures"
                    " released in {capital} on {weekday}.",
                    "{country} and {partner} agreed to lower tariffs on a range of goods, a deal"
                    " that trade officials in {capital} said could add {amount} to exports"
                    " within {num_word} years.",
                ],
            },
            {
                "summary": "Prices in {country} remain a worry for households despite official reassurances.",
                "headlines": [
                    "{demonym} inflation hits {pct}pc as {thing} bite",
                    "Inflation in {country} slows for {ordinal} straight month",
                ],
                "leads": [
                    "Consumer price inflation in {country} reached {pct} per cent in {month}, the"
                    " highest reading in several years, as higher costs for {thing} fed through"
                    " to shop prices, {attribution}.",
                    "Inflation in {country} eased again in {month}, the Bureau of Statistics said"
                    " on {weekday}, offering some relief to families who have watched"
                    " {thing} climb for more than a year.",
                ],
            },
            {
                "summary": "Fresh money from lenders buys {country} time, but economists warn that reforms must follow.",
                "headlines": [
                    "Meridian Development Fund approves {amount} loan for {country}",
                    "{country} secures {amount} from lenders to shore up {thing}",
                ],
                "leads": [
                    "The Meridian Development Fund approved a loan of {amount} to {country} on"
                    " {weekday}, money the government in {capital} says it will use to support"
                    " {thing} and repay older debts, {attribution}.",
                    "{country} has secured {amount} in financing from a group of international"
                    " lenders, easing pressure on {thing} after months of uncertainty,"
                    " {attribution}.",
                ],
            },
        ],
        "details": [
            "The economy grew by {pct} per cent last year, according to the Bureau of"
            " Statistics, slower than the government had forecast.",
            "Investors welcomed the news, and the main stock index in {capital} closed {small_pct}"
            " per cent higher on {weekday}.",
            "Food and fuel account for about half of the average household budget in {country},"
            " making families especially sensitive to price swings.",
            "The trade deficit narrowed to {amount} in the first half of the year as imports of"
            " machinery slowed.",
            "Small traders in {region} said higher borrowing costs had made it harder to stock up"
            " ahead of the busy season.",
            "Foreign exchange reserves stood at {amount} at the end of {month}, enough to cover"
            " roughly {num_word} months of imports.",
            "Economists noted that the interest rate decision had been widely expected and that"
            " markets had already priced it in.",
        ],
        "quotes": [
            "“We cannot spend our way out of this, but we will not abandon the most vulnerable"
            " either,” {official} said.",
            "“The direction is right, but the pace of reform matters as much as the destination,”"
            " said {notable}, {notable_role}.",
            "“Inflation is a tax on the poor, and bringing it down is our first duty,” a central"
            " bank official said in {capital}.",
            "“Exporters need predictable rules more than they need subsidies,” said the head of"
            " a chamber of commerce in {capital}.",
        ],
        "background": [
            "{country} has struggled with large budget deficits for much of the past decade,"
            " financing them largely through domestic borrowing.",
            "{partner} is among the largest buyers of {demonym} exports, and trade between the"
            " two countries has grown steadily since {prev_year}.",
            "{country} and {partner} have traded with each other for decades, in everything"
            " from textiles to machinery.",
            "The currency has lost ground against the dollar over the past two years, raising"
            " the cost of imported goods.",
        ],
    },
    {
        "slug": "defence",
        "name": "Defence & Security",
        "section": "World",
        "description": "Armed forces, counter-terrorism, arms and the security of borders.",
        "keywords": [
            "military",
            "army",
            "counter-terrorism",
            "militants",
            "defence ministry",
            "troops",
            "navy",
        ],
        "roles": ["Defence Minister", "Army Chief", "Interior Minister", "Navy Chief"],
        "orgs": [
            "Halden Centre for Security Studies",
            "Joint Border Commission",
            "Maritime Security Forum",
        ],
        "things": [
            "counter-terrorism training",
            "border patrols",
            "naval exercises",
            "military cooperation",
            "coastal surveillance",
        ],
        "stories": [
            {
                "summary": "Security ties between {country} and {partner} are deepening, officials say.",
                "headlines": [
                    "{partner} to provide {thing} to {country}",
                    "{country}, {partner} sign military cooperation pact",
                ],
                "leads": [
                    "{partner} has agreed to provide {thing} to {demonym} military and law"
                    " enforcement agencies at its leading academies, {attribution}.",
                    "{country} and {partner} signed what the {demonym} defence ministry called a"
                    " landmark military cooperation agreement during talks in {capital} on"
                    " {weekday}, {attribution}.",
                ],
            },
            {
                "summary": "The army says it is gaining ground against militants, but residents of {region} remain wary.",
                "headlines": [
                    "{demonym} army says {num} militants killed in {region}",
                    "Security operation in {country} enters {ordinal} week",
                ],
                "leads": [
                    "The {demonym} army said its troops had killed {num} militants during a"
                    " week-long operation in {region}, a claim that could not be independently"
                    " verified, {attribution}.",
                    "A security operation against militants in {region} of {country} entered its"
                    " {ordinal} week, with the army reporting steady progress and residents"
                    " describing disruption to daily life.",
                ],
            },
            {
                "summary": "The exercises are the latest sign of closer naval cooperation between {country} and {partner}.",
                "headlines": [
                    "{demonym} and {partner_demonym} navies hold joint drills",
                    "{partner_demonym} warships dock in {country} for exercises",
                ],
                "leads": [
                    "The navies of {country} and {partner} began {num_word} days of joint"
                    " exercises off the coast on {weekday}, practising search and rescue and"
                    " anti-piracy operations, {attribution}.",
                    "{num_word} {partner_demonym} warships arrived in {country} for a series of"
                    " naval exercises that the defence ministry in {capital} described as"
                    " routine, {attribution}.",
                ],
            },
            {
                "summary": "{country} is spending more on its armed forces as regional tensions rise.",
                "headlines": [
                    "{country} raises defence spending by {pct}pc",
                    "{demonym} defence ministry orders new patrol aircraft",
                ],
                "leads": [
                    "{country} will increase military spending by {pct} per cent next year,"
                    " the defence ministry said, citing the need to modernise equipment and"
                    " improve {thing}, {attribution}.",
                    "The {demonym} defence ministry has ordered {num_word} new patrol aircraft"
                    " in a deal worth {amount}, part of a wider push to strengthen {thing},"
                    " {attribution}.",
                ],
            },
        ],
        "details": [
            "The agreement covers intelligence sharing, joint training and cooperation against"
            " the trafficking of narcotics, which officials say funds militant networks.",
            "Military sources said the first group of {num} officers would travel to {partner}"
            " for training early next year.",
            "The army said it had cleared {num_word} militant hideouts and recovered weapons and"
            " communications equipment.",
            "Residents of {region} said checkpoints had made travel slower but that the area"
            " felt safer than it had a year ago.",
            "The defence ministry did not disclose the cost of the programme but said it would"
            " be met from existing defence allocations.",
            "Analysts said the deal reflected a broader shift in alliances across the region"
            " as major powers compete for influence.",
            "Troops from both countries will also take part in a disaster relief exercise in"
            " {region} later in the year.",
        ],
        "quotes": [
            "“This agreement comes at a critical moment for the security of the whole region,”"
            " {official} said after the signing ceremony.",
            "“Training is only part of the answer; the harder task is winning the trust of"
            " communities,” said {notable}, {notable_role}.",
            "“Our troops have shown great courage, and the operation will continue until the"
            " area is secure,” an army spokesperson said.",
            "“We are not seeking confrontation with anyone, but we will defend our waters,” the"
            " {official_role} told reporters in {capital}.",
        ],
        "background": [
            "{partner} has long been a major supplier of military equipment in the region, and"
            " its ties with {country} have warmed in recent years.",
            "{country} has faced a string of militant attacks since {prev_year}, most of them in"
            " {region}.",
            "Counter-terrorism cooperation has become a regular feature of the relationship"
            " between {capital} and {partner_capital}.",
        ],
    },
    {
        "slug": "diplomacy",
        "name": "Diplomacy",
        "section": "World",
        "description": "Foreign ministers, summits, treaties and relations between states.",
        "keywords": ["foreign minister", "ambassador", "bilateral", "summit", "treaty", "envoy"],
        "roles": ["Foreign Minister", "Ambassador", "Foreign Secretary", "Deputy Foreign Minister"],
        "orgs": ["Coastal States Forum", "Council of River Nations", "Southern Cooperation Forum"],
        "things": [
            "visa rules",
            "a water-sharing treaty",
            "direct flights",
            "prisoner exchanges",
            "a border agreement",
        ],
        "stories": [
            {
                "summary": "Talks between {country} and {partner} produced modest steps on {thing}.",
                "headlines": [
                    "{country}, {partner} agree to ease {thing}",
                    "{demonym} and {partner_demonym} foreign ministers meet in {capital}",
                ],
                "leads": [
                    "{country} and {partner} agreed to ease {thing} after talks between their"
                    " foreign ministers in {capital} on {weekday}, the first such meeting in"
                    " {num_word} years, {attribution}.",
                    "The foreign ministers of {country} and {partner} met in {capital} for talks"
                    " that both sides described as frank and constructive, focusing on {thing}"
                    " and trade, {attribution}.",
                ],
            },
            {
                "summary": "Regional leaders promised cooperation on {thing}, though few deadlines were set.",
                "headlines": [
                    "{capital} summit ends with pledge on {thing}",
                    "Leaders gather in {capital} for Coastal States Forum summit",
                ],
                "leads": [
                    "A two-day summit of the Coastal States Forum ended in {capital} with a"
                    " joint declaration on {thing}, though diplomats acknowledged that the"
                    " hardest questions remained unresolved, {attribution}.",
                    "Leaders from {num} countries arrived in {capital} for the annual summit of"
                    " the Coastal States Forum, with {thing} expected to dominate the agenda,"
                    " {attribution}.",
                ],
            },
            {
                "summary": "The envoy row is the latest twist in an uneasy relationship between {country} and {partner}.",
                "headlines": [
                    "{country} recalls ambassador from {partner}",
                    "{partner} names new ambassador to {country}",
                ],
                "leads": [
                    "{country} recalled its ambassador from {partner} for consultations on"
                    " {weekday}, the latest sign of strain between the two governments over"
                    " {thing}, {attribution}.",
                    "{partner} has appointed a new ambassador to {country}, a career diplomat"
                    " who is expected to focus on repairing bilateral ties that have frayed"
                    " over {thing}, {attribution}.",
                ],
            },
            {
                "summary": "Hopes of progress on {thing} rest on a round of quiet diplomacy in {capital}.",
                "headlines": [
                    "Envoy {notable} visits {capital} to push {thing}",
                    "{country} signs treaty with {partner} on {thing}",
                ],
                "leads": [
                    "{notable}, {notable_role}, arrived in {capital} on {weekday} for talks"
                    " aimed at reviving negotiations on {thing}, {attribution}.",
                    "{country} and {partner} signed a treaty on {thing} at a ceremony in"
                    " {capital}, capping nearly {num_word} years of on-and-off negotiations,"
                    " {attribution}.",
                ],
            },
        ],
        "details": [
            "The two sides also agreed to set up a joint commission that will meet twice a year"
            " to review progress.",
            "Diplomats said the text of the agreement would be made public once it had been"
            " ratified by both parliaments.",
            "The foreign minister of {partner} is expected to make a return visit to {capital}"
            " before the end of {year}.",
            "Bilateral trade between the two countries is worth about {amount} a year, according"
            " to official figures.",
            "More than {big} {demonym} citizens live and work in {partner}, and their welfare"
            " was raised during the talks.",
            "The envoy also met opposition leaders and representatives of business groups"
            " during the {num_word}-day visit.",
            "Officials said they had discussed regional security and the humanitarian situation"
            " in neighbouring states.",
        ],
        "quotes": [
            "“Neighbours cannot choose each other, but they can choose to cooperate,” {official}"
            " told a joint news conference.",
            "“There is a window of opportunity here, and it will not stay open for ever,” said"
            " {notable}, {notable_role}.",
            "“We expect our concerns to be addressed through dialogue, not through public"
            " statements,” a {partner_demonym} diplomat said.",
            "“This treaty belongs to the people of both countries, not to any government,”"
            " {official_surname} said at the signing.",
        ],
        "background": [
            "Relations between {country} and {partner} cooled after a dispute over {thing} in"
            " {prev_year}.",
            "It was the {ordinal} such meeting between the two sides since {prev_year}, though"
            " earlier rounds produced few concrete results.",
            "The Coastal States Forum was founded in the 1990s to promote trade and dialogue"
            " among its members.",
            "{capital} and {partner_capital} have exchanged ambassadors since the 1960s, with"
            " only brief interruptions.",
        ],
    },
    {
        "slug": "climate",
        "name": "Climate & Environment",
        "section": "Environment",
        "description": "Floods, droughts, heat, forests, emissions and a changing climate.",
        "keywords": [
            "climate",
            "flood",
            "drought",
            "emissions",
            "heatwave",
            "deforestation",
            "monsoon",
        ],
        "roles": ["Environment Minister", "Climate Change Minister", "Water Resources Minister"],
        "orgs": [
            "Institute for Monsoon Studies",
            "Green Corridor Alliance",
            "National Disaster Management Authority",
        ],
        "things": [
            "river flooding",
            "glacier melt",
            "air pollution",
            "coastal erosion",
            "water shortages",
            "forest loss",
        ],
        "stories": [
            {
                "summary": "Rescue teams in {country} are struggling to reach villages cut off by rising water.",
                "headlines": [
                    "Floods displace {big} in {demonym} {region}",
                    "Monsoon rains leave {num} dead in {country}",
                ],
                "leads": [
                    "Heavy monsoon rains triggered floods across {region} of {country} this week,"
                    " forcing {big} people from their homes and cutting road links to dozens of"
                    " villages, {attribution}.",
                    "At least {num} people were killed as unusually intense monsoon rains swept"
                    " through {country}, with rivers bursting their banks in {region},"
                    " {attribution}.",
                ],
            },
            {
                "summary": "The {demonym} government says its climate plan is ambitious; campaigners want details.",
                "headlines": [
                    "{country} pledges to halve emissions by 2040",
                    "{demonym} climate plan targets {thing}",
                ],
                "leads": [
                    "{country} has committed to cutting its greenhouse gas emissions by half"
                    " over the next two decades, {official} announced in {capital} on"
                    " {weekday}.",
                    "The {demonym} government unveiled a climate plan worth {amount} aimed at"
                    " tackling {thing}, promising new funding for cities and farmers in"
                    " {region}, {attribution}.",
                ],
            },
            {
                "summary": "Extreme heat and dry weather are testing {demonym} cities and farms alike.",
                "headlines": [
                    "Heatwave grips {country} as temperatures top 45C",
                    "Drought threatens harvests across {demonym} {region}",
                ],
                "leads": [
                    "A heatwave pushed temperatures above 45 degrees Celsius in parts of"
                    " {country} on {weekday}, prompting authorities in {capital} to shorten"
                    " school hours and open cooling centres, {attribution}.",
                    "A prolonged drought has left reservoirs in {region} of {country} at a"
                    " fraction of their usual levels, and farmers warn that this year's harvest"
                    " could be the worst in a generation.",
                ],
            },
            {
                "summary": "New research adds to the evidence that a warming climate is changing life in {country}.",
                "headlines": [
                    "Study links {thing} in {country} to warming climate",
                    "Deforestation in {country} slows for first time in {num_word} years",
                ],
                "leads": [
                    "Scientists at the Institute for Monsoon Studies found that {thing} in"
                    " {country} had roughly doubled since the 1990s, and linked the trend to a"
                    " warming climate, in a study published on {weekday}.",
                    "Deforestation in {country} fell by {pct} per cent last year, the first"
                    " decline in {num_word} years, according to survey data released by the"
                    " environment ministry in {capital}.",
                ],
            },
        ],
        "details": [
            "The National Disaster Management Authority said it had set up {num} relief camps"
            " and was distributing food, clean water and tents.",
            "Farmers in {region} said they had lost most of their crops and feared they would"
            " not be able to repay seed loans.",
            "Scientists say the monsoon has become less predictable, with longer dry spells"
            " punctuated by short bursts of extreme rain.",
            "Campaigners said the emissions target lacked interim milestones and relied too"
            " heavily on technologies that are not yet proven.",
            "The government said it would plant {big} trees along the river banks in {region} to"
            " slow erosion and absorb flood water.",
            "Aerial surveys showed forest loss concentrated along new roads and near expanding"
            " farmland.",
            "Hospitals in {capital} reported a rise in heat-related illness, particularly among"
            " outdoor workers and the elderly.",
        ],
        "quotes": [
            "“The climate is changing faster than our planning, and the poor pay the price,”"
            " said {notable}, {notable_role}.",
            "“We lost everything in one night: the house, the animals, the seed for next"
            " season,” a farmer in {region} said.",
            "“This is not a distant threat but a present emergency,” {official} told reporters"
            " in {capital}.",
            "“Targets are easy to announce and hard to meet; what matters is the money,” said"
            " an environmental campaigner in {capital}.",
        ],
        "background": [
            "{country} is considered one of the countries most exposed to climate change despite"
            " producing a small share of global emissions.",
            "Floods in {prev_year} affected millions of people across {region} and caused damage"
            " estimated at {amount}.",
            "Average temperatures in {country} have risen by more than one degree since the"
            " middle of the last century, according to the weather service.",
        ],
    },
    {
        "slug": "health",
        "name": "Health",
        "section": "Health",
        "description": "Hospitals, outbreaks, vaccines and public health policy.",
        "keywords": ["hospital", "vaccine", "outbreak", "health ministry", "patients", "epidemic"],
        "roles": ["Health Minister", "Chief Medical Officer", "Director of Public Health"],
        "orgs": [
            "Regional Health Watch",
            "National Institute of Health Research",
            "Physicians' Association",
        ],
        "things": ["measles", "dengue fever", "cholera", "tuberculosis", "malaria"],
        "stories": [
            {
                "summary": "The outbreak of {thing} in {country} is testing an overstretched health system.",
                "headlines": [
                    "{country} reports {big} cases of {thing} as outbreak spreads",
                    "Outbreak of {thing} in {demonym} {region} prompts emergency response",
                ],
                "leads": [
                    "Health authorities in {country} have recorded {big} cases of {thing} since"
                    " the start of {month}, and warned that the outbreak was spreading from"
                    " {region} towards the capital, {attribution}.",
                    "The health ministry in {capital} declared an emergency in {region} on"
                    " {weekday} after an outbreak of {thing} overwhelmed local clinics,"
                    " {attribution}.",
                ],
            },
            {
                "summary": "Health workers in {country} are fanning out across {region} to vaccinate children.",
                "headlines": [
                    "{country} launches vaccine drive for {big} children",
                    "{demonym} vaccine campaign reaches {region}",
                ],
                "leads": [
                    "{country} began a nationwide vaccine campaign on {weekday} that aims to"
                    " protect {big} children against {thing}, with health workers going door to"
                    " door in {region}, {attribution}.",
                    "Vaccination teams reached remote villages in {region} this week as part of"
                    " a {demonym} campaign against {thing}, health officials said in"
                    " {capital}.",
                ],
            },
            {
                "summary": "Patients in {country} are paying the price for a hospital system under strain.",
                "headlines": [
                    "Doctors strike over pay in {demonym} state hospitals",
                    "{demonym} hospitals face shortage of {num_word} thousand nurses",
                ],
                "leads": [
                    "Doctors at state hospitals across {country} walked out on {weekday} in a"
                    " dispute over pay and working conditions, leaving patients facing long"
                    " waits for treatment, {attribution}.",
                    "Public hospitals in {country} are short of thousands of nurses, according"
                    " to a report by the Physicians' Association that warned patients were"
                    " being put at risk, {attribution}.",
                ],
            },
            {
                "summary": "More money is going into {demonym} hospitals, though doctors say it will not be enough.",
                "headlines": [
                    "{country} opens {amount} hospital in {capital}",
                    "{demonym} health spending rises {pct}pc",
                ],
                "leads": [
                    "A new teaching hospital built at a cost of {amount} opened in {capital} on"
                    " {weekday}, adding {big} beds to a health system that has struggled to keep"
                    " up with demand, {attribution}.",
                    "The {demonym} government will raise health spending by {pct} per cent"
                    " next year, {official} said, with much of the money going to clinics in"
                    " {region}.",
                ],
            },
        ],
        "details": [
            "The health ministry said {num} mobile clinics had been sent to the worst-affected"
            " districts, along with supplies of medicine and clean water.",
            "Doctors said many patients had arrived late for treatment because clinics in"
            " {region} were far from their homes.",
            "The epidemic has been made worse by crowded housing and poor sanitation in fast"
            " growing towns.",
            "Health workers were trained to spot early symptoms and to report suspected cases"
            " within {num_word} hours.",
            "The vaccine is provided free of charge at government clinics, officials said, and"
            " private hospitals have been asked to join the campaign.",
            "Hospital administrators said they had postponed non-urgent operations to free up"
            " beds and staff.",
            "Epidemiologists at the National Institute of Health Research said case numbers were"
            " likely to be higher than official figures suggested.",
        ],
        "quotes": [
            "“Every case we catch early is a life we can save,” said {notable}, {notable_role}.",
            "“We are working around the clock, but we need more hands,” a doctor at a hospital"
            " in {capital} said.",
            "“No child should miss a vaccine because of where they were born,” {official} said"
            " at the launch of the campaign.",
            "“The outbreak is under control in the cities, but the villages worry us,” a"
            " health ministry official said.",
        ],
        "background": [
            "{country} spends a smaller share of its national income on health than most of its"
            " neighbours, according to the Regional Health Watch.",
            "A similar outbreak in {prev_year} infected thousands of people before it was"
            " brought under control.",
            "Many trained doctors and nurses have left {country} in recent years for better paid"
            " jobs abroad.",
        ],
    },
    {
        "slug": "science",
        "name": "Science & Technology",
        "section": "Science",
        "description": "Research, space, digital services and the companies building them.",
        "keywords": [
            "satellite",
            "researchers",
            "laboratory",
            "telescope",
            "startup",
            "artificial intelligence",
            "internet",
        ],
        "roles": [
            "Science Minister",
            "Information Technology Minister",
            "Director of the Space Agency",
        ],
        "orgs": ["Lantern Peak Observatory", "National Space Agency", "Digital Futures Council"],
        "things": [
            "mobile payments",
            "weather satellites",
            "broadband access",
            "rice genetics",
            "a new telescope",
            "artificial intelligence",
        ],
        "stories": [
            {
                "summary": "A satellite built with {demonym} expertise promises better data on crops and floods.",
                "headlines": [
                    "{country} launches its first earth observation satellite",
                    "{demonym} satellite to track crops and floods",
                ],
                "leads": [
                    "{country} launched its first earth observation satellite on {weekday},"
                    " a milestone that officials in {capital} said would improve weather"
                    " forecasts and help farmers plan their harvests, {attribution}.",
                    "A satellite built largely by {demonym} engineers will begin sending images"
                    " of crops and rivers within weeks, the National Space Agency said on"
                    " {weekday}.",
                ],
            },
            {
                "summary": "{demonym} scientists are drawing attention abroad for their work on {thing}.",
                "headlines": [
                    "{demonym} researchers make advance in {thing}",
                    "Laboratory in {capital} wins {amount} grant for {thing}",
                ],
                "leads": [
                    "Researchers in {country} said they had made a significant advance in"
                    " {thing}, in work published on {weekday} that drew praise from scientists"
                    " abroad, {attribution}.",
                    "A research laboratory in {capital} has won a grant worth {amount} to study"
                    " {thing}, one of the largest awards ever made to a {demonym} team,"
                    " {attribution}.",
                ],
            },
            {
                "summary": "The startup scene in {capital} is attracting investors, with {thing} in demand.",
                "headlines": [
                    "{demonym} startup raises {amount} for {thing}",
                    "Startups in {capital} draw record investment",
                ],
                "leads": [
                    "A startup based in {capital} has raised {amount} from investors to expand"
                    " its work on {thing}, one of the largest funding rounds in {country} this"
                    " year, {attribution}.",
                    "Technology startups in {capital} attracted record investment in {year},"
                    " according to the Digital Futures Council, with {thing} proving especially"
                    " popular with backers.",
                ],
            },
            {
                "summary": "Officials in {country} say connecting the countryside will change lives.",
                "headlines": [
                    "{country} to bring internet to {big} villages",
                    "Astronomers in {country} spot comet with new telescope",
                ],
                "leads": [
                    "The {demonym} government plans to connect {big} villages to high-speed"
                    " internet within {num_word} years, {official} said, calling access online"
                    " a basic public service.",
                    "Astronomers using a new telescope at the Lantern Peak Observatory said they"
                    " had identified a previously unknown comet, the first such discovery made"
                    " from {country}, {attribution}.",
                ],
            },
        ],
        "details": [
            "The satellite will orbit at an altitude of about {num}00 kilometres and is designed"
            " to operate for at least {num_word} years.",
            "The research team included scientists from {partner}, who helped design some of the"
            " laboratory equipment.",
            "Only about half of households in {region} have reliable internet access, according"
            " to official estimates.",
            "Investors said startups working on {thing} had benefited from a growing pool of"
            " engineers trained at local universities.",
            "The findings still need to be confirmed by other researchers, and the team said it"
            " would publish its data openly.",
            "The telescope cost {amount} and was built with parts made in {num_word} countries.",
            "Officials said artificial intelligence tools would be tested first in hospitals and"
            " tax offices.",
        ],
        "quotes": [
            "“Science done here, by our own people, changes what young people believe is"
            " possible,” said {notable}, {notable_role}.",
            "“We want every village to have the same internet as the capital,” {official} said.",
            "“The data belongs to farmers as much as to scientists,” one of the researchers"
            " said in {capital}.",
            "“Investors are finally looking beyond the usual hubs,” said the founder of a"
            " startup in {capital}.",
        ],
        "background": [
            "{country} set up its National Space Agency in the early 2000s and has relied on"
            " foreign partners for most launches.",
            "Spending on research in {country} remains below the regional average, though it has"
            " risen since {prev_year}.",
            "Several {demonym} startups have been bought by larger companies from {partner} in"
            " recent years.",
        ],
    },
    {
        "slug": "energy",
        "name": "Energy",
        "section": "Business",
        "description": "Oil, gas, power cuts, renewables and the price of keeping the lights on.",
        "keywords": [
            "crude oil",
            "natural gas",
            "pipeline",
            "solar",
            "electricity",
            "power plant",
            "refinery",
        ],
        "roles": ["Energy Minister", "Petroleum Minister", "Power Minister"],
        "orgs": ["Petrel Grid Analytics", "National Power Regulator", "Regional Energy Exchange"],
        "things": [
            "solar farms",
            "a gas pipeline",
            "power cuts",
            "fuel prices",
            "an offshore wind project",
            "electricity tariffs",
        ],
        "stories": [
            {
                "summary": "A pipeline deal between {country} and {partner} could ease chronic gas shortages.",
                "headlines": [
                    "{country} and {partner} sign {amount} gas pipeline deal",
                    "Pipeline from {partner} to {country} clears final hurdle",
                ],
                "leads": [
                    "{country} and {partner} signed an agreement to build a natural gas pipeline"
                    " worth {amount}, which officials say will ease chronic shortages in"
                    " {region}, {attribution}.",
                    "A long-delayed natural gas pipeline linking {partner} and {country} received"
                    " final approval on {weekday}, clearing the way for construction to begin"
                    " next year, {attribution}.",
                ],
            },
            {
                "summary": "Solar power is growing fast in {country} as panels get cheaper.",
                "headlines": [
                    "{country} opens largest solar farm in {region}",
                    "Solar power output in {country} jumps {pct}pc",
                ],
                "leads": [
                    "The largest solar farm in {country} began supplying electricity to the"
                    " national grid on {weekday}, providing enough power for {big} homes in"
                    " {region}, {attribution}.",
                    "Electricity generated from solar panels in {country} rose by {pct} per cent"
                    " last year, the National Power Regulator said, as falling costs drew"
                    " investment from home and abroad.",
                ],
            },
            {
                "summary": "Power cuts and rising tariffs are testing the patience of {demonym} households.",
                "headlines": [
                    "Power cuts hit {capital} as demand soars",
                    "{demonym} regulator approves rise in electricity tariffs",
                ],
                "leads": [
                    "Residents of {capital} endured power cuts of up to {num} hours a day this"
                    " week as soaring demand and fuel shortages left power plants unable to keep"
                    " up, {attribution}.",
                    "The National Power Regulator in {country} approved a rise of {pct} per cent"
                    " in electricity tariffs on {weekday}, saying it was needed to keep power"
                    " companies solvent.",
                ],
            },
            {
                "summary": "{country} is trying to produce more of its own fuel and gas to save foreign exchange.",
                "headlines": [
                    "{demonym} refinery expansion to cut fuel imports",
                    "{country} discovers new natural gas field in {region}",
                ],
                "leads": [
                    "An expansion of the main refinery in {country} will cut imports of fuel by"
                    " about a third, {official} said on {weekday}, as the government seeks to"
                    " save foreign exchange.",
                    "Engineers have found a natural gas field in {region} that could hold enough"
                    " gas to supply {country} for {num_word} years, {attribution}.",
                ],
            },
        ],
        "details": [
            "Crude oil imports cost {country} about {amount} a year, a heavy burden on its"
            " foreign exchange reserves.",
            "The pipeline will stretch for about {num}0 kilometres and is expected to carry gas"
            " by {next_year}.",
            "Factory owners in {region} said power cuts had forced them to run diesel"
            " generators, raising their costs.",
            "Solar projects have attracted investors from {partner}, who see {country} as a"
            " promising market.",
            "The regulator said electricity theft and unpaid bills were costing the power sector"
            " billions each year.",
            "Engineers said the refinery would also produce cleaner fuel that meets newer"
            " pollution standards.",
            "Analysts at Petrel Grid Analytics said the national grid needed upgrading before it"
            " could absorb much more solar power.",
        ],
        "quotes": [
            "“Cheap, clean electricity is within reach if we build the grid to carry it,” said"
            " {notable}, {notable_role}.",
            "“We cannot run a country on power that disappears every afternoon,” a shopkeeper"
            " in {capital} said.",
            "“This pipeline will keep our factories running and our homes warm,” {official}"
            " said at the signing ceremony.",
            "“Tariffs must reflect costs, but we will protect the poorest households,” the"
            " {official_role} said.",
        ],
        "background": [
            "{country} has struggled with electricity shortages for more than a decade, and"
            " power cuts are a frequent source of protest.",
            "Talks on a pipeline between {country} and {partner} began in {prev_year} but were"
            " delayed by disputes over pricing.",
            "Renewable sources provide a growing but still small share of the electricity used"
            " in {country}.",
        ],
    },
    {
        "slug": "sport",
        "name": "Sport",
        "section": "Sport",
        "description": "Cricket, football, athletics and the tournaments that unite a country.",
        "keywords": [
            "cricket",
            "football",
            "tournament",
            "championship",
            "olympic",
            "stadium",
            "coach",
        ],
        "roles": ["Sports Minister", "national team coach", "football federation president"],
        "orgs": ["Continental Athletics Union", "National Cricket Board", "Football Federation"],
        "things": [
            "the cricket series",
            "the football championship",
            "the athletics meet",
            "the hockey tournament",
            "the marathon",
        ],
        "stories": [
            {
                "summary": "A famous win over {partner} has sent {demonym} fans into raptures.",
                "headlines": [
                    "{country} beat {partner} to win {thing}",
                    "{demonym} side stun {partner} in {thing}",
                ],
                "leads": [
                    "{country} beat {partner} on {weekday} to win {thing}, sparking celebrations"
                    " in {capital} that went on well into the night, {attribution}.",
                    "A young {demonym} side produced one of the upsets of the season, beating"
                    " {partner} in {thing} in front of a capacity crowd at the national"
                    " stadium.",
                ],
            },
            {
                "summary": "{notable} adds another title to a remarkable career.",
                "headlines": [
                    "{notable_surname} sets new record at athletics meet in {capital}",
                    "{notable} wins gold as {partner} finish second",
                ],
                "leads": [
                    "{notable}, {notable_role}, set a new championship record at the athletics"
                    " meet in {capital} on {weekday}, finishing {num} metres clear of the field,"
                    " {attribution}.",
                    "{notable} won gold at the championship in {capital}, holding off a late"
                    " challenge from a {partner_demonym} runner in the final stretch,"
                    " {attribution}.",
                ],
            },
            {
                "summary": "A change in the dugout as {country} looks for better results.",
                "headlines": [
                    "{demonym} football federation appoints new coach",
                    "{demonym} cricket coach steps down after series defeat",
                ],
                "leads": [
                    "The {demonym} football federation named a new national team coach on"
                    " {weekday}, handing a {num_word}-year contract to a former international"
                    " who has promised an attacking style of play, {attribution}.",
                    "The coach of the {demonym} cricket team resigned after a heavy series"
                    " defeat against {partner}, saying the players needed a fresh voice,"
                    " {attribution}.",
                ],
            },
            {
                "summary": "{capital} is getting ready to welcome athletes and fans for {thing}.",
                "headlines": [
                    "{capital} to host {thing} in {next_year}",
                    "New stadium opens in {capital} ahead of {thing}",
                ],
                "leads": [
                    "{capital} has been chosen to host {thing} in {next_year}, beating bids from"
                    " {num_word} other cities, organisers announced on {weekday}.",
                    "A new stadium with seats for {big} spectators opened in {capital} on"
                    " {weekday}, ahead of {thing} later this year, {attribution}.",
                ],
            },
        ],
        "details": [
            "The victory lifted {country} {num_word} places in the world rankings.",
            "More than {big} fans packed the stadium, and thousands more watched on big screens"
            " set up in the city centre.",
            "The coach made {num_word} changes to the starting line-up, handing debuts to two"
            " players from {region}.",
            "The championship attracted athletes from {num} countries, the largest field in the"
            " history of the event.",
            "Ticket prices were kept low to encourage families to attend, the organisers said.",
            "Olympic officials were in the crowd, and several said the performance would not go"
            " unnoticed before the next Games.",
            "The {partner_demonym} captain praised the home side and said his team had been"
            " outplayed in every department.",
        ],
        "quotes": [
            "“I dedicate this to everyone back home who got up early to watch,” {notable}"
            " said after the race.",
            "“We played without fear, and that is what I asked of them,” the coach told reporters.",
            "“This stadium is for the next generation of {demonym} champions,” {official} said"
            " at the opening.",
            "“They were better on the day, and we have to accept that,” the {partner_demonym}"
            " coach said.",
        ],
        "background": [
            "{country} last won the tournament in {prev_year}, and expectations were high after"
            " a strong run of results.",
            "Rivalry between {country} and {partner} on the pitch dates back decades and draws"
            " huge television audiences.",
            "Sport has received a growing share of public funding in {country}, with new"
            " training centres opening in {region}.",
        ],
    },
    {
        "slug": "culture",
        "name": "Culture & Heritage",
        "section": "Culture",
        "description": "Books, film, festivals, museums and the heritage they protect.",
        "keywords": [
            "museum",
            "festival",
            "film",
            "novel",
            "heritage",
            "exhibition",
            "archaeologists",
        ],
        "roles": ["Culture Minister", "Director of Antiquities", "Heritage Commissioner"],
        "orgs": [
            "National Heritage Trust",
            "Harbourside Literature Festival",
            "Film Development Board",
        ],
        "things": [
            "ancient textiles",
            "a lost manuscript",
            "a bronze-age settlement",
            "folk music recordings",
            "colonial-era photographs",
        ],
        "stories": [
            {
                "summary": "A new find near {capital} could rewrite part of the history of {country}.",
                "headlines": [
                    "Archaeologists in {country} uncover {thing}",
                    "{demonym} archaeologists find {thing} near {capital}",
                ],
                "leads": [
                    "Archaeologists working in {region} of {country} have uncovered {thing},"
                    " a find that experts say could change what is known about the area's early"
                    " history, {attribution}.",
                    "A team of {demonym} archaeologists announced on {weekday} that they had"
                    " found {thing} during excavations a short drive from {capital},"
                    " {attribution}.",
                ],
            },
            {
                "summary": "Readers and writers crowded into {capital} for a celebration of books.",
                "headlines": [
                    "Literature festival draws {big} visitors to {capital}",
                    "{notable_surname} opens book festival in {capital}",
                ],
                "leads": [
                    "The Harbourside Literature Festival drew {big} visitors to {capital} over"
                    " {num_word} days, with writers from {partner} and across {country} reading"
                    " to packed halls, {attribution}.",
                    "{notable}, {notable_role}, opened the annual book festival in {capital} on"
                    " {weekday} with a plea for more translation between the region's"
                    " languages.",
                ],
            },
            {
                "summary": "A {demonym} film is winning audiences at home and abroad.",
                "headlines": [
                    "{demonym} film wins top prize at festival in {partner}",
                    "{demonym} director's debut film opens to acclaim",
                ],
                "leads": [
                    "A {demonym} film about a family torn apart by migration won the top prize"
                    " at a film festival in {partner_capital} on {weekday}, a first for the"
                    " country's small film industry, {attribution}.",
                    "The debut film of a young {demonym} director opened in cinemas across"
                    " {country} this week to strong reviews and queues at the box office in"
                    " {capital}.",
                ],
            },
            {
                "summary": "Museums in {country} are finding new ways to tell the country’s story.",
                "headlines": [
                    "Museum in {capital} reopens after {amount} renovation",
                    "{partner} returns {thing} to {country}",
                ],
                "leads": [
                    "The national museum in {capital} reopened on {weekday} after a renovation"
                    " costing {amount}, with new galleries devoted to {thing}, {attribution}.",
                    "{partner} has agreed to return {thing} to {country}, ending a long campaign"
                    " by {demonym} heritage groups for the items to come home, {attribution}.",
                ],
            },
        ],
        "details": [
            "The exhibition will run until the end of {month} and entry is free for students.",
            "Experts from {partner} helped to date the finds, which will go on display in"
            " {capital} next year.",
            "The festival programme included {num} events, from poetry readings to debates on"
            " press freedom.",
            "The film was shot for very little money in {region}, using mostly local actors.",
            "The National Heritage Trust said it would fund further excavations at the site over"
            " the next {num_word} seasons.",
            "Museum officials said visitor numbers had doubled since the building reopened.",
            "Publishers at the festival said sales of {demonym} novels in translation had grown"
            " steadily in recent years.",
        ],
        "quotes": [
            "“A people that forgets its past loses its way in the present,” {official} said at"
            " the ceremony.",
            "“Stories travel further than armies ever did,” said {notable}, {notable_role}.",
            "“We have barely scratched the surface of this site,” the leader of the dig told"
            " reporters.",
            "“Cinema here is made with love and very little money,” the director said after"
            " accepting the award.",
        ],
        "background": [
            "{country} is home to several sites on the world heritage list, but many others are"
            " threatened by construction and neglect.",
            "Cultural ties between {country} and {partner} go back centuries, through trade,"
            " language and religion.",
            "Funding for the arts in {country} was cut sharply in {prev_year}, and many"
            " institutions now rely on private donors.",
        ],
    },
]

# Editorial titles, grouped by topic slug (six each).
EDITORIAL_TITLES = {
    "politics": [
        "Ballot and bluster",
        "A house divided",
        "Reform by stealth",
        "Counting votes",
        "Coalition arithmetic",
        "The long campaign",
    ],
    "economy": [
        "Budget realities",
        "Prices and patience",
        "A fragile recovery",
        "Debt on the doorstep",
        "Export ambitions",
        "The rate dilemma",
    ],
    "defence": [
        "Guarding the border",
        "Arms and the region",
        "Security first?",
        "A costly operation",
        "Uneasy calm",
        "Sea lanes",
    ],
    "diplomacy": [
        "Neighbourly overtures",
        "Summit season",
        "Recalling envoys",
        "Treaty on paper",
        "A thaw at last",
        "Quiet diplomacy",
    ],
    "climate": [
        "After the floods",
        "A hotter summer",
        "Rivers in retreat",
        "Forests for sale",
        "Monsoon warning",
        "Carbon promises",
    ],
    "health": [
        "Vaccine gaps",
        "Hospital strain",
        "Outbreak lessons",
        "Doctors leaving",
        "A healthier budget",
        "Clean water first",
    ],
    "science": [
        "Eyes in orbit",
        "Research on a shoestring",
        "The startup mirage",
        "Bridging the divide",
        "Data and trust",
        "Looking up",
    ],
    "energy": [
        "Dark afternoons",
        "Pipeline politics",
        "The solar bet",
        "Tariff troubles",
        "Refining ambitions",
        "Power to the grid",
    ],
    "sport": [
        "Sporting chance",
        "A new stadium",
        "Coaching carousel",
        "Winning ugly",
        "Games people play",
        "Record breaker",
    ],
    "culture": [
        "Returning treasures",
        "Festival spirit",
        "Screen debut",
        "Museum pieces",
        "Digging deeper",
        "Words without borders",
    ],
}
