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


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"VETML_LLM_GRADER_URL": "http://127.0.0.1:8080/v1"}, "VETML_LLM_GRADER_MODEL must name the model"),
        ({"VETML_EXTRA_GRADERS": "openai-compatible"}, "so VETML_LLM_GRADER_URL must be set"),
        ({"VETML_LLM_GRADER_URL": "file:///etc/passwd"}, "VETML_LLM_GRADER_URL: not an http(s) URL"),
        ({"VETML_LLM_GRADER_URL": "https://me:sk-secret@api.example/v1"}, "put the key in VETML_LLM_GRADER_KEY"),
        ({"VETML_LLM_GRADER_TIMEOUT": "0"}, "VETML_LLM_GRADER_TIMEOUT: Input should be greater than 0"),
    ],
)
def test_the_llm_grader_settings_are_checked_together(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as caught:
        get_settings()
    assert expected in caught.value.message
    assert "sk-secret" not in str(caught.value)


def test_extra_graders_are_off_by_default_and_the_key_stays_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().extra_graders == ()
    monkeypatch.setenv("VETML_EXTRA_GRADERS", " openai-compatible , my-grader,")
    monkeypatch.setenv("VETML_LLM_GRADER_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("VETML_LLM_GRADER_MODEL", "qwen")
    monkeypatch.setenv("VETML_LLM_GRADER_KEY", "sk-secret")
    settings = get_settings()
    assert settings.extra_graders == ("openai-compatible", "my-grader")
    assert settings.llm_grader_key is not None and settings.llm_grader_key.get_secret_value() == "sk-secret"
    assert "sk-secret" not in repr(settings) and "sk-secret" not in settings.model_dump_json()
