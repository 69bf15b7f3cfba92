"""Population and sharing mutations."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from sqlmodel import Session
from strawberry.scalars import JSON

from app.api.enums import SharingLevel
from app.api.errors import UserError
from app.api.ids import IdType
from app.api.mutation_runner import decode_argument, run_operation
from app.api.populations.lookup import own_population
from app.api.populations.types import Population
from app.operations.populations import (
    create_population,
    delete_population,
    update_population,
)
from app.operations.sharing import set_sharing
from app.storage.models import User

_UNSET = strawberry.UNSET

# Sharing is validated under the names `level` and `fields`; a population input
# calls them `defaultLevel` and `defaultFields`.
_POPULATION_INPUT_FIELDS = {
    "population_id": "id",
    "level": "defaultLevel",
    "fields": "defaultFields",
}


@strawberry.type(description="The population a mutation changed, or why it could not.")
class PopulationPayload:
    population: Population | None
    errors: list[UserError]


@strawberry.type(description="The id of what a mutation deleted, or why it could not.")
class DeletePayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.type(description="Sharing now in force, or why it could not change.")
class SharingPayload:
    population: Population | None
    level: SharingLevel | None = strawberry.field(
        description="The effective level: the override, else the default."
    )
    fields: list[str] | None
    from_override: bool | None
    errors: list[UserError]


@strawberry.input(description="A custom population: a filter over your accounts.")
class CreatePopulationInput:
    name: str
    filter: JSON = strawberry.field(
        description='A tree of {"and": [...]}, {"or": [...]}, {"not": ...} and '
        '{"field", "op", "value"} conditions.'
    )
    default_level: SharingLevel = strawberry.field(
        default=SharingLevel.HIDDEN, description="HIDDEN unless you say otherwise."
    )
    default_fields: list[str] = strawberry.field(default_factory=list)


@strawberry.input(
    description="Changes to a population; omitted fields stay as they are."
)
class UpdatePopulationInput:
    id: strawberry.ID
    name: str | None = _UNSET
    filter: JSON | None = _UNSET
    default_level: SharingLevel | None = _UNSET
    default_fields: list[str] | None = _UNSET


def _given(value):
    return None if value is _UNSET else value


def _population_payload(
    info: strawberry.Info, operation: Callable[[Session, User], int], *, name: str
) -> PopulationPayload:
    outcome = run_operation(
        info.context, operation, name=name, fields=_POPULATION_INPUT_FIELDS
    )
    if outcome.errors:
        return PopulationPayload(population=None, errors=outcome.errors)
    return PopulationPayload(
        population=own_population(info.context, outcome.value), errors=[]
    )


@strawberry.type
class PopulationsMutation:
    @strawberry.mutation(description="Create a custom population from a filter.")
    def create_population(
        self,
        info: strawberry.Info,
        input: CreatePopulationInput,
    ) -> PopulationPayload | None:
        def operation(session: Session, actor: User) -> int:
            return create_population(
                session,
                actor,
                name=input.name,
                filter=input.filter,
                default_level=input.default_level,
                default_fields=input.default_fields,
            ).id

        return _population_payload(info, operation, name="createPopulation")

    @strawberry.mutation(
        description="Rename a custom population, change its filter or its defaults."
    )
    def update_population(
        self,
        info: strawberry.Info,
        input: UpdatePopulationInput,
    ) -> PopulationPayload | None:
        population_id = decode_argument(input.id, IdType.POPULATION, field="id")
        if isinstance(population_id, list):
            return PopulationPayload(population=None, errors=population_id)

        def operation(session: Session, actor: User) -> int:
            return update_population(
                session,
                actor,
                population_id,
                name=_given(input.name),
                filter=_given(input.filter),
                default_level=_given(input.default_level),
                default_fields=_given(input.default_fields),
            ).id

        return _population_payload(info, operation, name="updatePopulation")

    @strawberry.mutation(
        description=(
            "Delete a custom population with its sharing; its id is never reused."
        )
    )
    def delete_population(
        self,
        info: strawberry.Info,
        id: strawberry.ID,
    ) -> DeletePayload | None:
        population_id = decode_argument(id, IdType.POPULATION, field="id")
        if isinstance(population_id, list):
            return DeletePayload(deleted_id=None, errors=population_id)
        outcome = run_operation(
            info.context,
            lambda session, actor: delete_population(session, actor, population_id),
            name="deletePopulation",
            fields={"population_id": "id"},
        )
        return DeletePayload(
            deleted_id=None if outcome.errors else id, errors=outcome.errors
        )

    @strawberry.mutation(
        description=(
            "Set what a population shares. Without `partnerId`: its default for "
            "every partner. With `partnerId`: an override for that partner, which "
            "`level: null` removes."
        )
    )
    def set_sharing(
        self,
        info: strawberry.Info,
        population_id: strawberry.ID,
        level: SharingLevel | None = None,
        partner_id: strawberry.ID | None = None,
        fields: list[str] | None = None,
    ) -> SharingPayload | None:
        decoded = decode_argument(
            population_id, IdType.POPULATION, field="populationId"
        )
        partnership = None
        if partner_id is not None:
            partnership = decode_argument(partner_id, IdType.PARTNER, field="partnerId")
        for value in (decoded, partnership):
            if isinstance(value, list):
                return SharingPayload(
                    population=None, level=None, fields=None, from_override=None,
                    errors=value,
                )  # fmt: skip
        outcome = run_operation(
            info.context,
            lambda session, actor: set_sharing(
                session,
                actor,
                population_id=decoded,
                partnership_id=partnership,
                level=level,
                fields=fields or (),
            ),
            name="setSharing",
            fields={"partnership_id": "partnerId"},
        )
        if outcome.errors:
            return SharingPayload(
                population=None, level=None, fields=None, from_override=None,
                errors=outcome.errors,
            )  # fmt: skip
        setting = outcome.value
        return SharingPayload(
            population=own_population(info.context, decoded),
            level=SharingLevel(setting.level),
            fields=list(setting.fields),
            from_override=setting.is_override,
            errors=[],
        )
