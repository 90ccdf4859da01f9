"""Configuration: one table per stage, the old flat keys still read (with a warning naming the new key)."""

from pathlib import Path

import pytest
from nghiquyet.core.config import LEGACY_KEYS, Settings, env_name, load_settings
from nghiquyet.core.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nghiquyet.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_tables_per_stage_are_read(tmp_path: Path):
    settings = load_settings(write(tmp_path, 'data_dir = "docs"\n[retrieval]\ndefault_k = 5\n'
                                             '[generation]\nprofile = "fast"\n[ui]\nserver_port = 8000\n'), environ={})
    assert settings.data_dir == Path("docs") and settings.retrieval.default_k == 5
    assert settings.generation.profile == "fast" and settings.ui.server_port == 8000
    assert settings.warnings == ()


def test_old_flat_keys_still_work_and_say_their_new_name(tmp_path: Path):
    settings = load_settings(write(tmp_path, 'generator_profile = "fast"\nchunk_max_chars = 300\n'), environ={})
    assert settings.generation.profile == "fast" and settings.ingest.chunk_max_chars == 300
    assert any("'generator_profile'" in w and "[generation]" in w and "'profile'" in w for w in settings.warnings)
    env = load_settings(environ={"NGHIQUYET_DEFAULT_K": "3"})
    assert env.retrieval.default_k == 3
    assert any("NGHIQUYET_RETRIEVAL_DEFAULT_K" in w for w in env.warnings)


def test_every_old_key_maps_to_a_setting_that_exists():
    known = set(Settings().to_dict())
    assert set(LEGACY_KEYS.values()) <= known
    # Names users already type are kept where the new scheme gives the same variable.
    assert env_name("ui.username") == "NGHIQUYET_UI_USERNAME" == env_name("ui_username")


def test_environment_beats_the_file_and_overrides_beat_both(tmp_path: Path):
    config = write(tmp_path, "[retrieval]\ndefault_k = 5\n")
    assert load_settings(config, environ={"NGHIQUYET_RETRIEVAL_DEFAULT_K": "6"}).retrieval.default_k == 6
    assert load_settings(config, environ={"NGHIQUYET_RETRIEVAL_DEFAULT_K": "6"},
                         overrides={"retrieval.default_k": 7}).retrieval.default_k == 7


@pytest.mark.parametrize("text, message", [
    ("[retrieval]\nno_such_key = 1\n", "không biết: retrieval.no_such_key"),
    ("colour = 'red'\n", "không biết: colour"),
    ("[retrieval]\ndefault_k = 'many'\n", "default_k"),
    ("[retrieval\n", "sai cú pháp TOML"),
])
def test_bad_files_are_config_errors_that_name_the_problem(tmp_path: Path, text: str, message: str):
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path, text), environ={})


def test_a_file_that_is_not_utf8_is_a_config_error(tmp_path: Path):
    path = tmp_path / "nghiquyet.toml"
    path.write_bytes("[ui]\nusername = 'cán'\n".encode("latin-1"))  # as an editor saving in Windows-1252 would
    with pytest.raises(ConfigError, match="UTF-8"):
        load_settings(path, environ={})


def test_evolve_changes_one_setting_in_a_table():
    settings = Settings().evolve({"retrieval.default_k": 3, "data_dir": Path("x")})
    assert settings.retrieval.default_k == 3 and settings.data_dir == Path("x")
    assert settings.retrieval.candidates == Settings().retrieval.candidates


@pytest.mark.parametrize("env, key", [
    ({"NGHIQUYET_UI_SERVER_PORT": "-1"}, "ui.server_port"), ({"NGHIQUYET_UI_SERVER_PORT": "70000"}, "ui.server_port"),
    ({"NGHIQUYET_UI_UPLOAD_MAX_MB": "-1"}, "ui.upload_max_mb"), ({"NGHIQUYET_INGEST_CHUNK_MAX_CHARS": "0"},
                                                                 "ingest.chunk_max_chars"),
    ({"NGHIQUYET_RETRIEVAL_DEFAULT_K": "-5"}, "retrieval.default_k"), ({"GRADIO_SERVER_PORT": "0"}, "ui.server_port"),
])
def test_values_out_of_range_are_refused_with_the_key_and_the_range(env, key):
    with pytest.raises(ConfigError, match=f"'{key}' = .* nằm ngoài khoảng cho phép"):
        load_settings(environ=env)


def test_overlap_must_be_smaller_than_the_chunk():
    with pytest.raises(ConfigError, match="chunk_overlap_chars"):
        load_settings(environ={"NGHIQUYET_INGEST_CHUNK_MAX_CHARS": "100", "NGHIQUYET_INGEST_CHUNK_OVERLAP_CHARS": "100"})


def test_an_unknown_answer_mode_is_refused_with_the_choices():
    with pytest.raises(ConfigError, match="'generation.answer_mode' = 'json' không hợp lệ; chọn 'constrained'"):
        load_settings(environ={"NGHIQUYET_GENERATION_ANSWER_MODE": "json"})
    assert load_settings(environ={"NGHIQUYET_GENERATION_ANSWER_MODE": "constrained"}).generation.answer_mode == "constrained"
