"""Detection of placeholder text that CRM users type when a website is missing."""

import unicodedata

# Compared with the value after trimming, lower-casing and collapsing inner
# whitespace to single spaces. Values made only of punctuation and symbols,
# such as "-", "—", "?" or "...", are placeholders as well and need no entry.
PLACEHOLDER_VALUES = frozenset(
    {
        "#n/a",
        "blank",
        "empty",
        "http://",
        "http://www.",
        "https://",
        "https://www.",
        "mailto:",
        "missing",
        "n.a",
        "n.a.",
        "n/a",
        "n\\a",
        "na",
        "nan",
        "nil",
        "no",
        "no site",
        "no web site",
        "no website",
        "none",
        "not applicable",
        "not available",
        "not known",
        "not provided",
        "null",
        "tba",
        "tbc",
        "tbd",
        "undefined",
        "unknown",
        "www",
        "www.",
        "-",
        "--",
        "—",
        "?",
    }
)


def is_placeholder(value: str | None) -> bool:
    """Return whether value is missing, blank or a stand-in such as "n/a".

    The comparison ignores case, surrounding whitespace and repeated inner
    whitespace, so " N/A ", "Not  Available" and "NULL" are placeholders.
    """
    if value is None:
        return True

    normalized = " ".join(value.split()).lower()
    if not normalized:
        return True
    if normalized in PLACEHOLDER_VALUES:
        return True

    return all(
        unicodedata.category(character)[0] in "PS"
        for character in normalized
        if character != " "
    )
