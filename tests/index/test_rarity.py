"""How rare a question's words are in the index (BM25's inverse document frequency): what tells a quote about the
one thing asked ("xã Đam Rông 3") from one sharing the words every clause has ("năm 2026", "kiểm tra")."""

from __future__ import annotations

import dataclasses

from nghiquyet.index.bm25 import BM25Index
from nghiquyet.index.sentences import relevance, weighted_relevance
from nghiquyet.index.tokenizer import tokenize

ROWS = ["Đơn vị được kiểm tra: Xã Đắk Song | Thời gian kiểm tra: Tháng 3/2026",
        "Đơn vị được kiểm tra: Xã Đam Rông 3 | Thời gian kiểm tra: Tháng 5/2026",
        "Đơn vị được kiểm tra: Sở Y tế | Thời gian kiểm tra: Tháng 8/2026",
        "Kiểm tra công tác cải cách hành chính năm 2026 tại các sở, ngành và xã.",
        "Kế hoạch cải cách hành chính năm 2026 của tỉnh.",
        "Báo cáo kết quả cải cách hành chính năm 2026 gửi Sở Nội vụ.",
        "Tuyên truyền cải cách hành chính năm 2026 trên báo, đài."]


def test_a_word_few_rows_hold_weighs_more_than_one_every_row_holds():
    index = BM25Index.build(ROWS)
    weights = index.rarity(["kiểm_tra", "đam_rông", "y_tế", "không_có_đâu"])
    assert weights["đam_rông"] > weights["kiểm_tra"] > 0
    assert weights["đam_rông"] == weights["y_tế"]  # one row each
    assert weights["không_có_đâu"] == weights["đam_rông"]  # a word no row holds weighs as one a single row holds


def test_relevance_weighs_shared_words_by_rarity(fake_retriever):
    index = BM25Index.build(ROWS)
    question = "Việc kiểm tra cải cách hành chính năm 2026 ở xã Đam Rông 3 gồm những nội dung gì?"
    query = fake_retriever.analyse(question)
    query = dataclasses.replace(query, rarity=index.rarity(set(tokenize(question))))
    words = set(tokenize(question))
    common, named = ROWS[3], ROWS[1]
    assert relevance(query, common, words) > relevance(query, named, words)  # counted alike: more words shared
    assert weighted_relevance(query, named, words)[0] > weighted_relevance(query, common, words)[0]
    assert weighted_relevance(query, named, words)[1] == relevance(query, named, words)
    unweighted = dataclasses.replace(query, rarity={})
    assert weighted_relevance(unweighted, named, words) == (relevance(query, named, words),) * 2


WEIGHED_IN_A_FRESH_PROCESS = """
from nghiquyet.index.query import Query
from nghiquyet.index.sentences import weighted_relevance
from nghiquyet.index.tokenizer import tokenize
words = tokenize("alpha beta gamma delta epsilon zeta")
q = Query(text=" ".join(words[:6]), language="vi", expanded="", wants_meta=False, wants_figure=False,
          wants_list=False, asks_target=False, asks_quantity=False, comparison=False, gives_orders=False,
          years=frozenset(), codes=frozenset(), mentioned_documents=frozenset(), subject_documents=frozenset(),
          provinces=frozenset(), rarity=dict(zip(words, (0.1, 0.2, 0.3, 0.7, 1.1, 1.3))))
print(repr(weighted_relevance(q, "zeta epsilon delta gamma beta alpha")[0]))
"""


def test_a_weighted_relevance_is_the_same_in_every_run():
    """A set gives its words in an order that changes with each process's hash seed, and a plain float sum's last bit
    with it (3.7 in one run, 3.6999999999999997 in another): two sentences equal in one run were unequal in the next,
    and a held-out answer's two quotes swapped places between runs. The sum is exact now."""
    import os
    import subprocess
    import sys

    values = {subprocess.run([sys.executable, "-c", WEIGHED_IN_A_FRESH_PROCESS], capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip()
              for seed in range(6)}
    assert values == {"3.7"}
