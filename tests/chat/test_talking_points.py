"""Talking points: structured, quotable bullets with sources, exported as Markdown and .docx."""

import docx
from nghiquyet.chat.talking_points import build_talking_points
from nghiquyet.core.textnorm import fold


def test_brief_has_sections_with_cited_verbatim_bullets(retriever, tmp_path):
    points = build_talking_points(retriever, "chuyển đổi số tỉnh Sóc Trăng")
    titles = [s.title for s in points.sections]
    assert titles == ["Thông điệp chính", "Chỉ tiêu, con số", "Nhiệm vụ, giải pháp trọng tâm", "Phân công thực hiện"]
    corpus = fold("\n".join(c.text for c in retriever.data.chunks))
    bullets = [b for s in points.sections for b in s.bullets]
    assert len(bullets) >= 8
    for bullet in bullets:
        assert " — " in bullet.source
        assert fold(bullet.text.rstrip(" …"))[:120] in corpus  # the documents' own words
    figures_section = points.sections[1]
    assert figures_section.bullets and all("%" in b.text for b in figures_section.bullets)

    # The guidance quotes Programme 67's targets verbatim (with a typo or two): each clause appears once.
    openings = [fold(b.text).lstrip("()0123456789. -")[:100] for b in bullets]
    assert len(openings) == len(set(openings)), openings

    markdown = points.to_markdown()
    # Clauses that open with "- " or "2. " stay one flat list of bullets.
    body = [line for line in markdown.splitlines() if line and not line.startswith("#")]
    assert all(line.startswith("- ") and not line[2:].lstrip().startswith(("- ", "1. ", "2. ")) for line in body)
    assert markdown.startswith("# Ý chính tuyên truyền: chuyển đổi số tỉnh Sóc Trăng") and "*(Nguồn:" in markdown
    path = points.save_docx(tmp_path / "y-chinh.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Chỉ tiêu, con số" in text and "(Nguồn:" in text
