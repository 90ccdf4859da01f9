"""The targets table over the bundled corpus: scored against the hand-written gold table (eval/targets), the
alignment's verdicts, and the exports (.xlsx read back with openpyxl, CSV)."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from nghiquyet.cli import main
from nghiquyet.eval.targets import load_gold, score_targets
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.target_export import text_table, write_csv, write_xlsx
from nghiquyet.index.targets import align, filter_records, target_records, verdict

GOLD = Path(__file__).resolve().parents[2] / "eval" / "targets"
# Floors under the figures measured when this was written (recall 100%, precision 100%, verdicts 24/24): the
# gold was visible while the extractor was finished, so these are development figures (README, targets).
RECALL_FLOOR, PRECISION_FLOOR, VERDICT_FLOOR = 0.9, 0.9, 20


@pytest.fixture(scope="module")
def corpus(fake_index) -> Corpus:
    from nghiquyet.index.store import load_index

    settings, _ = fake_index
    data = load_index(settings.index_dir)
    return Corpus(data.documents, data.chunks)


def test_extraction_finds_the_gold_targets_of_resolution_57_and_programme_67(corpus):
    records = target_records(corpus)
    score = score_targets(records, load_gold(GOLD / "gold.jsonl"), align(records),
                          load_gold(GOLD / "alignment.jsonl"))
    assert score.recall >= RECALL_FLOOR, score.report()
    assert score.precision >= PRECISION_FLOOR, score.report()
    assert score.verdicts_right >= VERDICT_FLOOR, score.report()
    assert score.fields_right["year"] == score.matched


def test_every_record_quotes_its_chunk_verbatim_and_cites_it(corpus):
    chunks = {c.chunk_id: c for c in corpus.chunks}
    records = target_records(corpus)
    assert records
    for record in records:
        assert record.quote in chunks[record.chunk_id].text
        assert record.value in record.quote
        assert record.document and record.section


def test_provincial_and_national_targets_are_not_mixed_and_copies_are_linked(corpus):
    records = target_records(corpus)
    digital = [r for r in filter_records(records, year=2030) if r.indicator == "Quy mô kinh tế số" and not r.quotes]
    assert {(r.document, r.unit, r.level) for r in digital} == {("57-NQ/TW", "% GDP", "quốc gia"),
                                                               ("67-CTr/TU", "% GRDP", "tỉnh")}
    # the guidance restates Programme 67 under a heading that names it: linked, and left out of the comparison
    restated = [r for r in records if r.quotes]
    assert restated and {r.quotes for r in restated} == {"67-CTr/TU"}
    rows = align(records)
    assert all(r.provincial is None or r.provincial.quotes is None for r in rows)
    economy = next(r for r in rows if r.national and r.national.indicator == "Quy mô kinh tế số" and r.year == 2030)
    assert economy.provincial.document == "67-CTr/TU" and economy.verdict == "equal"


def test_verdicts_compare_figures_only_in_the_same_unit(corpus):
    records = target_records(corpus)
    base = next(r for r in records if r.unit == "% GDP")
    assert verdict(base, dataclasses.replace(base, unit="% GRDP")) == "equal"
    assert verdict(base, dataclasses.replace(base, comparator=">", number=base.number)) == "higher"
    assert verdict(base, dataclasses.replace(base, number=base.number - 1)) == "lower"
    assert verdict(base, dataclasses.replace(base, unit="doanh nghiệp")) == "not_comparable"
    rank = dataclasses.replace(base, comparator="rank", number=5.0, unit="nhóm nước")
    assert verdict(rank, dataclasses.replace(rank, number=3.0)) == "higher"  # a smaller group ranks higher


def test_xlsx_has_a_sheet_per_document_and_a_comparison_with_sources(corpus, tmp_path):
    from openpyxl import load_workbook

    records = target_records(corpus)
    rows = align(records)
    path = write_xlsx(tmp_path / "chi-tieu.xlsx", records, rows)
    book = load_workbook(path)
    assert book.sheetnames[0] == "So sánh"
    assert {"57-NQ-TW", "67-CTr-TU"} <= set(book.sheetnames)
    sheet = book["67-CTr-TU"]
    header = [c.value for c in sheet[1]]
    values = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    economy = next(v for v in values if v["Giá trị"] == "tối thiểu 30% GRDP")
    assert economy["Năm"] == 2030 and "GRDP" in economy["Trích nguyên văn"]
    cell = next(row[header.index("Giá trị")] for row in sheet.iter_rows(min_row=2)
                if row[header.index("Giá trị")].value == "tối thiểu 30% GRDP")
    assert "30% GRDP" in cell.comment.text and "67-CTr/TU" in cell.comment.text
    comparison = book["So sánh"]
    verdicts = [row[7].value for row in comparison.iter_rows(min_row=2)]
    assert len(verdicts) == len(rows) and "bằng" in verdicts and "cao hơn" in verdicts
    assert not list(tmp_path.glob(".chi-tieu.xlsx.*"))  # the temporary file was moved into place


def test_csv_is_readable_by_excel_and_text_cannot_become_a_formula(corpus, tmp_path):
    records = target_records(corpus)
    hostile = dataclasses.replace(records[0], indicator="=HYPERLINK(\"http://x\")")
    written = write_csv(tmp_path / "chi-tieu.csv", [hostile, *records], align(records))
    assert [p.name for p in written] == ["chi-tieu.csv", "chi-tieu-so-sanh.csv"]
    raw = written[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the accents right
    rows = list(csv.reader(written[0].read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][4].startswith("'=")
    assert len(rows) == len(records) + 2


def test_text_table_says_when_nothing_matches(corpus):
    assert "Không có chỉ tiêu" in text_table([], [])
    table = text_table(filter_records(target_records(corpus), document="67-CTr/TU"), [])
    assert "tối thiểu 30% GRDP" in table and "67-CTr/TU" in table


def test_targets_command_json_and_filters(fake_index, capsys):
    settings, _ = fake_index
    code = main(["--index-dir", str(settings.index_dir), "-q", "targets", "--province", "Sóc Trăng", "--year", "2045",
                 "--no-compare", "--json"])
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"targets", "comparison", "dropped"}
    assert payload["targets"] and all(t["year"] == 2045 and t["province"] == "Sóc Trăng" for t in payload["targets"])
    assert {"document", "level", "province", "year", "indicator", "value", "comparator", "number", "number_max", "unit",
            "section", "quote", "chunk_id", "quotes"} <= set(payload["targets"][0])


def test_targets_command_refuses_an_unknown_export_format(fake_index, tmp_path, capsys):
    settings, _ = fake_index
    code = main(["--index-dir", str(settings.index_dir), "-q", "targets", "--no-compare", "--out",
                 str(tmp_path / "bang.pdf")])
    assert code == 2
    assert ".xlsx" in capsys.readouterr().err


@pytest.mark.integration  # parses three real documents (~10 s)
def test_held_out_real_documents_keep_their_measured_recall_and_precision():
    """The held-out gold table over three real documents (eval/targets/heldout-gold.jsonl, written apart from
    the code): floors under the figures measured after table rows were read (recall 76.9%, precision 93.3%)."""
    from nghiquyet.core.config import load_settings
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.metadata import load_overrides
    from nghiquyet.ingest.parse import parse_source

    root = GOLD.parents[1]
    gold = load_gold(GOLD / "heldout-gold.jsonl")
    settings = load_settings(config_file=None, environ={}, overrides={"show_progress": False})
    documents, chunks = {}, []
    for name in sorted({g["file"] for g in gold}):
        path = next(root.glob(f"shared/real-documents*/files/{name}"))
        read, pieces = parse_source(path, load_overrides(root / "none.toml"), load_provinces(root / "data" /
                                    "provinces.toml"), settings.ingest)
        documents.update({d.doc_id: d for d in read})
        chunks += pieces
    score = score_targets(target_records(Corpus(documents, chunks)), gold)
    assert score.recall >= 0.75, score.report()
    assert score.precision >= 0.9, score.report()


def test_alignment_embeds_each_indicator_once_across_calls(corpus):
    """The UI rebuilds the table on every click: the indicators' vectors are computed the first time only, and
    the alignment is the same with them memoised."""
    from tests.fakes import HashEmbedder

    class Counting(HashEmbedder):
        name = "fake/counting"
        embedded = 0

        def embed_passages(self, texts, progress=False):
            Counting.embedded += len(texts)
            return super().embed_passages(texts, progress)

    records = target_records(corpus)
    embedder = Counting()
    first = align(records, embedder)
    once = Counting.embedded
    assert once > 0
    assert align(records, embedder) == first and Counting.embedded == once
