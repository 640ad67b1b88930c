"""Settings: bad values are refused with the variable name, and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vetml.config import Settings, get_settings
from vetml.errors import ConfigurationError

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(autouse=True)
def _fresh_settings() -> None:
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://root@localhost/vetml", "'mysql' is not supported"),
        ("postgresql+psycopg2://postgres@127.0.0.1/test", "use postgresql+psycopg://postgres@127.0.0.1/test"),
    ],
)
def test_a_bad_database_url_is_refused_with_a_fix(monkeypatch: pytest.MonkeyPatch, url: str, expected: str) -> None:
    monkeypatch.setenv("VETML_DATABASE_URL", url)
    with pytest.raises(ConfigurationError) as caught:
        get_settings()
    assert "VETML_DATABASE_URL" in caught.value.message
    assert expected in caught.value.message


def test_settings_come_from_vetml_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VETML_PORT", "8123")
    monkeypatch.setenv("VETML_BANK_DIR", str(tmp_path))
    settings = get_settings()
    assert settings.port == 8123
    assert settings.bank_dir == tmp_path


def test_the_default_bank_is_the_repository_bank() -> None:
    assert (Settings().bank_dir / "categories.yaml").is_file()


def test_every_setting_is_documented_in_the_readme() -> None:
    documented = set(re.findall(r"`(VETML_[A-Z_]+)`", README.read_text(encoding="utf-8")))
    declared = {f"VETML_{name.upper()}" for name in Settings.model_fields}
    assert declared - documented == set(), "add these settings to the README's settings table"
