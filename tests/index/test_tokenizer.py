"""The Vietnamese tokenizer and sentence splitter load underthesea without its translation model stack."""

import subprocess
import sys

SEGMENT_AND_SPLIT = """
import sys
from nghiquyet.index.tokenizer import tokenize, underthesea
from nghiquyet.ingest.chunker import _sentences
print(tokenize("Quy mô kinh tế số đạt 30% GRDP"))
print(_sentences("Tỉnh đạt mục tiêu. Câu thứ hai là đây."))
print(sorted(name for name in ("torch", "transformers") if name in sys.modules))
import importlib.util
print(importlib.util.find_spec("underthesea.pipeline.translate") is not None)  # still importable on purpose
"""


def test_segmenting_words_and_sentences_does_not_import_torch_or_transformers():
    result = subprocess.run([sys.executable, "-c", SEGMENT_AND_SPLIT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    words, sentences, heavy, translate_importable = result.stdout.splitlines()
    assert "'quy_mô'" in words and "'kinh_tế__số'" in words
    assert sentences == "['Tỉnh đạt mục tiêu.', 'Câu thứ hai là đây.']"
    assert heavy == "[]"  # underthesea 9.5.0 alone imports both (~5-10 s, several hundred MB)
    assert translate_importable == "True"
