"""Typed settings: the only reader of environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///partnergraph.db"


class Settings(BaseSettings):
    """Deployment settings, read once from the environment at start-up."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL; a SQLite file in the working folder by default.",
    )
    data_dir: Path | None = Field(
        default=None,
        validation_alias="PARTNERGRAPH_DATA_DIR",
        description="Folder with the real data sets used by the demo and tests.",
    )
    min_comparison_size: int = Field(
        default=5,
        ge=1,
        validation_alias="PARTNERGRAPH_MIN_COMPARISON_SIZE",
        description="Populations with fewer distinct match keys are never compared.",
    )
    default_page_size: int = Field(
        default=50, ge=1, validation_alias="PARTNERGRAPH_DEFAULT_PAGE_SIZE"
    )
    max_page_size: int = Field(
        default=100, ge=1, validation_alias="PARTNERGRAPH_MAX_PAGE_SIZE"
    )
    max_query_depth: int = Field(
        default=15, ge=1, validation_alias="PARTNERGRAPH_MAX_QUERY_DEPTH"
    )
    max_query_cost: int = Field(
        default=50_000, ge=1, validation_alias="PARTNERGRAPH_MAX_QUERY_COST"
    )
    max_aliases: int = Field(
        default=30, ge=1, validation_alias="PARTNERGRAPH_MAX_ALIASES"
    )
    max_tokens: int = Field(
        default=2_000, ge=1, validation_alias="PARTNERGRAPH_MAX_QUERY_TOKENS"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", validation_alias="PARTNERGRAPH_LOG_LEVEL"
    )
    log_format: Literal["text", "json"] = Field(
        default="text", validation_alias="PARTNERGRAPH_LOG_FORMAT"
    )
    id_secret: str = Field(
        default="development-only-id-secret",
        validation_alias="PARTNERGRAPH_ID_SECRET",
        description="Key that makes global ids opaque; random in production.",
    )
    environment: Literal["development", "production"] = Field(
        default="development", validation_alias="PARTNERGRAPH_ENV"
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("id_secret")
    @classmethod
    def _reject_short_secret(cls, value: str) -> str:
        if len(value) < 16:
            raise ValueError(
                "PARTNERGRAPH_ID_SECRET must be at least 16 characters long"
            )
        return value

    def check_production(self) -> None:
        """Raise when a production deployment still uses a development default."""
        if self.environment == "production" and self.id_secret.startswith(
            "development-only"
        ):
            raise ValueError(
                "PARTNERGRAPH_ID_SECRET is the development placeholder; "
                "set a random secret of 32 or more characters for production"
            )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment on first use."""
    settings = Settings()
    settings.check_production()
    return settings
