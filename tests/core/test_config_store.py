"""Choosing the store: ``[index] vector_store`` and the Qdrant keys, and the short environment names scripts
and containers use (NGHIQUYET_STORE, NGHIQUYET_QDRANT_URL, NGHIQUYET_QDRANT_PATH, NGHIQUYET_QDRANT_API_KEY)."""

from pathlib import Path

from nghiquyet.core.config import ENV_ALIASES, Settings, load_settings


def test_faiss_stays_the_default():
    settings = load_settings(environ={})
    assert settings.index.vector_store == "faiss" and settings.index.qdrant_url == ""


def test_short_environment_names_choose_qdrant():
    settings = load_settings(environ={"NGHIQUYET_STORE": "qdrant", "NGHIQUYET_QDRANT_URL": "http://qdrant:6333",
                                      "NGHIQUYET_QDRANT_API_KEY": "s3cret"})
    assert settings.index.vector_store == "qdrant" and settings.index.qdrant_url == "http://qdrant:6333"
    assert settings.index.qdrant_api_key == "s3cret"
    local = load_settings(environ={"NGHIQUYET_STORE": "qdrant", "NGHIQUYET_QDRANT_PATH": "/srv/qdrant"})
    assert local.index.qdrant_path == Path("/srv/qdrant")
    assert set(ENV_ALIASES.values()) <= set(Settings().to_dict())


def test_the_table_names_still_work_and_win_over_the_short_ones(tmp_path: Path):
    config = tmp_path / "nghiquyet.toml"
    config.write_text('[index]\nvector_store = "qdrant"\nqdrant_collection = "quoc-gia"\n', encoding="utf-8")
    settings = load_settings(config, environ={"NGHIQUYET_QDRANT_PATH": "a", "NGHIQUYET_INDEX_QDRANT_PATH": "b"})
    assert settings.index.vector_store == "qdrant" and settings.index.qdrant_collection == "quoc-gia"
    assert settings.index.qdrant_path == Path("b")
    assert load_settings(config, environ={"NGHIQUYET_STORE": "faiss"}).index.vector_store == "faiss"


def test_the_api_key_is_masked_in_reports():
    settings = load_settings(environ={"NGHIQUYET_QDRANT_API_KEY": "s3cret"})
    assert settings.to_dict()["index.qdrant_api_key"] == "***"
    assert "s3cret" not in repr(settings)
