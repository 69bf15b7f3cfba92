"""Partner tags: each side of a partnership keeps its own, private to it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from app.core.errors import InvalidInputError
from app.operations.lookups import get_partnership_for_or_raise
from app.storage.models import PartnerTag, User
from app.storage.versions import bump_partnership

MAX_TAGS_PER_PARTNER = 20
MAX_TAG_LENGTH = 64


def tag_partner(
    session: Session, actor: User, partnership_id: int, tags: Iterable[str]
) -> list[str]:
    """Replace the actor organization's tags on a partner (members may too).

    Tags are trimmed, and a tag repeated in another letter case is kept once,
    in its first spelling. Returns the stored tags, sorted.
    """
    organization_id = actor.organization_id
    partnership = get_partnership_for_or_raise(session, organization_id, partnership_id)
    clean = _validate_tags(tags)

    session.execute(
        delete(PartnerTag).where(
            PartnerTag.partnership_id == partnership.id,
            PartnerTag.organization_id == organization_id,
        )
    )
    if clean:
        session.execute(
            insert(PartnerTag),
            [
                {
                    "partnership_id": partnership.id,
                    "organization_id": organization_id,
                    "tag": tag,
                }
                for tag in clean
            ],
        )
    session.flush()
    bump_partnership(session, partnership.id)
    return sorted(clean, key=str.casefold)


def tags_of(session: Session, organization_id: int, partnership_id: int) -> list[str]:
    """Return one organization's tags on a partnership, sorted."""
    tags = session.exec(
        select(PartnerTag.tag).where(
            PartnerTag.partnership_id == partnership_id,
            PartnerTag.organization_id == organization_id,
        )
    ).all()
    return sorted(tags, key=str.casefold)


def _validate_tags(tags: Iterable[str]) -> list[str]:
    items = [tags] if isinstance(tags, str) else list(tags)
    clean: dict[str, str] = {}
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidInputError(
                f"invalid tag {item!r}: pass non-empty text", field="tags"
            )
        tag = " ".join(item.split())
        if len(tag) > MAX_TAG_LENGTH:
            raise InvalidInputError(
                f"tag {tag[:20]!r}... is {len(tag)} characters long; use at most "
                f"{MAX_TAG_LENGTH}",
                field="tags",
            )
        clean.setdefault(tag.casefold(), tag)
    if len(clean) > MAX_TAGS_PER_PARTNER:
        raise InvalidInputError(
            f"{len(clean)} tags given; a partner takes at most {MAX_TAGS_PER_PARTNER}",
            field="tags",
        )
    return list(clean.values())
