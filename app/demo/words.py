"""Word lists for made-up companies, people and CRM values in demo data."""

from __future__ import annotations

NAME_ADJECTIVES = (
    "Amber", "Apex", "Atlas", "Aurora", "Blue", "Bright", "Cedar", "Clear",
    "Coastal", "Copper", "Crimson", "Crystal", "Delta", "Eastern", "Emerald",
    "First", "Golden", "Granite", "Green", "Harbor", "Highland", "Iron", "Lake",
    "Liberty", "Lunar", "Maple", "Meridian", "Northern", "Nova", "Oak", "Pacific",
    "Pine", "Prime", "Quantum", "Red", "River", "Silver", "Solar", "Summit",
    "Swift", "True", "Union", "Vertex", "Western", "Willow",
)  # fmt: skip

NAME_NOUNS = (
    "Anchor", "Arrow", "Beacon", "Bridge", "Canyon", "Castle", "Circle", "Cloud",
    "Crest", "Falcon", "Field", "Forge", "Gate", "Grove", "Hawk", "Haven",
    "Horizon", "Key", "Lantern", "Ledger", "Link", "Mill", "Mountain", "Orbit",
    "Path", "Peak", "Pioneer", "Point", "Port", "Ridge", "Rock", "Sail",
    "Shield", "Signal", "Spring", "Star", "Stone", "Stream", "Tower", "Trail",
    "Valley", "Vista", "Wave", "Wind", "Wolf",
)  # fmt: skip

NAME_SUFFIXES = (
    "Analytics", "Bank", "Biosciences", "Brands", "Capital", "Consulting",
    "Dynamics", "Energy", "Foods", "Freight", "Group", "Health", "Holdings",
    "Industries", "Insurance", "Labs", "Logistics", "Manufacturing", "Media",
    "Networks", "Partners", "Pharma", "Retail", "Robotics", "Software",
    "Solutions", "Systems", "Technologies", "Therapeutics", "Ventures",
)  # fmt: skip

SURNAMES = (
    "Abbott", "Baker", "Barrett", "Bishop", "Carver", "Chandler", "Dalton",
    "Ellis", "Fletcher", "Foster", "Garner", "Hale", "Harper", "Hayes", "Kendall",
    "Lowell", "Mercer", "Morgan", "Nash", "Porter", "Quinn", "Reed", "Sawyer",
    "Sloan", "Thatcher", "Vaughn", "Walsh", "Whitman", "Winslow", "Wright",
)  # fmt: skip

LEGAL_FORMS = ("", "", "", " Inc.", " LLC", " Ltd", " GmbH", " Corp.", " plc")

# Public suffixes with the weight of each in the demo data.
TOP_LEVEL_DOMAINS = (
    ("com", 70), ("io", 8), ("co.uk", 6), ("de", 5), ("com.au", 3),
    ("fr", 3), ("co.jp", 2), ("ca", 3),
)  # fmt: skip

INDUSTRIES = (
    "Software", "Financial Services", "Healthcare", "Retail", "Manufacturing",
    "Energy", "Telecommunications", "Media", "Transportation", "Education",
    "Hospitality", "Real Estate", "Biotechnology", "Consulting",
)  # fmt: skip

COUNTRIES = (
    ("United States", 45), ("United Kingdom", 10), ("Germany", 9),
    ("France", 7), ("Canada", 6), ("Australia", 5), ("Japan", 5),
    ("Netherlands", 4), ("Brazil", 4), ("India", 5),
)  # fmt: skip

ACCOUNT_TYPES = (
    ("Customer", 22), ("Customer - Direct", 6), ("Customer - Channel", 4),
    ("Prospect", 40), ("Partner", 8), ("Former Customer", 6), ("", 14),
)  # fmt: skip

OWNERS = (
    "Avery Chen", "Jordan Patel", "Morgan Silva", "Riley Novak", "Casey Okafor",
    "Taylor Brandt", "Jamie Rossi", "Quinn Alvarez", "Drew Lindqvist",
    "Sam Oyelaran",
)  # fmt: skip

SEGMENTS = (("Enterprise", 20), ("Mid-Market", 35), ("SMB", 45))

ORGANIZATION_NAMES = (
    ("Northwind Analytics", "northwind-analytics.com"),
    ("Bluepeak Software", "bluepeak.io"),
    ("Harborline Payments", "harborline.com"),
    ("Cobalt CRM", "cobaltcrm.com"),
    ("Lumen Data", "lumendata.co.uk"),
    ("Fernway Cloud", "fernway.de"),
    ("Quillstone HR", "quillstone.com"),
    ("Trellis Security", "trellis-security.com"),
)

UNKNOWN_PARTNER_DOMAINS = ("orbitware.com", "kestrelhq.io", "palisade-labs.com")

PARTNER_TAGS = (
    "strategic", "co-sell", "emea", "north-america", "integration", "reseller",
    "referral", "marketplace",
)  # fmt: skip
