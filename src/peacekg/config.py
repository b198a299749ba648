"""Settings: the one place where peacekg reads its environment.

Every setting can be given as an environment variable with the prefix ``PEACEKG_`` (or in a
``.env`` file in the working directory), or passed as a keyword::

    >>> from peacekg.config import Settings
    >>> Settings(store_path="var/test-store", _env_file=None).store_path.name
    'test-store'

Relative paths are resolved against the current working directory when the settings are made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from peacekg.namespaces import BASE


class Settings(BaseSettings):
    """Where the facts, the ontology, the queries and the store live; where the service listens."""

    model_config = SettingsConfigDict(
        env_prefix="PEACEKG_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    data_dir: Path = Path("data")
    ontology_dir: Path = Path("ontology")
    store_path: Path = Path("var/store")
    queries_dir: Path = Path("queries")
    base_iri: str = BASE
    host: str = "127.0.0.1"
    port: int = 8000

    @field_validator("data_dir", "ontology_dir", "store_path", "queries_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().absolute()


def get_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with the given keywords (those not ``None``) on top."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
