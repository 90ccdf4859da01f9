"""The bundled corpus reads right without its metadata file, for number, kind, issuer, level and province:
documents.toml stays for what no document states (a corrected signer, a news article's date)."""

import tomllib

from nghiquyet.core.lexicon import load_provinces
from nghiquyet.core.textnorm import fold
from nghiquyet.ingest.metadata import MetadataOverrides
from nghiquyet.ingest.parse import parse_source

from tests.conftest import CORPUS_FILES, DATA, fake_settings

FIELDS = ("number", "kind", "issuer", "level", "province")


def test_every_bundled_document_reads_right_without_documents_toml(tmp_path):
    stated = tomllib.loads((DATA / "documents.toml").read_text(encoding="utf-8"))["document"]
    provinces = load_provinces(DATA / "provinces.toml")
    settings = fake_settings(tmp_path).ingest
    read = {}
    for path in CORPUS_FILES:
        documents, _ = parse_source(path, MetadataOverrides({}), provinces, settings)
        read.update({(d.source, d.ordinal): d for d in documents})
    wrong = []
    for entry in stated:
        document = read[(entry["source"], entry["ordinal"])]
        for name in FIELDS:
            if name in entry and fold(str(getattr(document, name) or "")) != fold(entry[name]):
                wrong.append((entry["source"], entry["ordinal"], name, getattr(document, name), entry[name]))
    assert not wrong, wrong
