"""The generator registry and its cache: one model per process and per whole configuration."""

import pytest
from nghiquyet.chat.generator import GENERATORS, create_generator, register_generator
from nghiquyet.core.config import Settings
from nghiquyet.core.errors import ConfigError

from tests.fakes import ScriptedGenerator


@pytest.fixture
def counting_backend(monkeypatch):
    built = []

    def factory(settings, allow_downloads):
        built.append(settings)
        return ScriptedGenerator(f"{settings.model} {settings.n_ctx}")

    monkeypatch.setitem(GENERATORS, "counting", factory)
    monkeypatch.setattr("nghiquyet.chat.generator._CACHE", {})
    return built


def test_same_configuration_shares_one_model(counting_backend):
    settings = Settings().evolve({"generation.backend": "counting", "generation.model": "/m/a.gguf"})
    assert create_generator(settings) is create_generator(settings)
    assert len(counting_backend) == 1


@pytest.mark.parametrize("change", [{"generation.n_ctx": 8192}, {"generation.threads": 2},
                                    {"generation.model": "/m/b.gguf"}, {"generation.api_key": "other"},
                                    {"generation.gguf_file": "x.gguf"}, {"generation.base_url": "http://h/v1"},
                                    {"allow_downloads": True}])
def test_any_change_in_the_model_configuration_loads_another_model(counting_backend, change):
    base = Settings().evolve({"generation.backend": "counting", "generation.model": "/m/a.gguf"})
    first = create_generator(base)
    second = create_generator(base.evolve(change))
    assert first is not second and len(counting_backend) == 2


def test_profiles_are_different_models(counting_backend):
    settings = Settings().evolve({"generation.backend": "counting"})
    assert create_generator(settings, "fast") is not create_generator(settings, "quality")
    assert [s.profile for s in counting_backend] == ["fast", "quality"]


def test_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="không có"):
        create_generator(Settings().evolve({"generation.backend": "no-such-backend"}))


def test_backends_register_by_name(monkeypatch):
    monkeypatch.setattr("nghiquyet.chat.generator.GENERATORS", dict(GENERATORS))
    monkeypatch.setattr("nghiquyet.chat.generator._CACHE", {})
    register_generator("echo", lambda settings, downloads: ScriptedGenerator("echo"))
    generator = create_generator(Settings().evolve({"generation.backend": "echo"}))
    assert generator.chat([], 4).text == "echo"
