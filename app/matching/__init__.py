"""Match keys that decide which partner accounts are the same company."""

from app.matching.blocklist import BLOCKLIST_VERSION
from app.matching.keys import KeyResult, NoKeyReason, compute_key, match_key
from app.matching.placeholders import is_placeholder

__all__ = [
    "BLOCKLIST_VERSION",
    "KeyResult",
    "NoKeyReason",
    "compute_key",
    "is_placeholder",
    "match_key",
]
