"""Old Word files (.doc, Word 97–2003): converted to text by antiword (Debian's antiword package, which
`make run` installs); without it, a message that says how to convert the file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from nghiquyet.core.errors import SourceFileError
from nghiquyet.ingest.blocks import SourceText
from nghiquyet.ingest.readers.plain import lines_to_blocks

CONVERT_HINT = ("hãy mở tệp bằng Word hoặc LibreOffice và lưu lại dạng .docx (Tệp › Lưu thành › Word .docx), "
                "rồi nạp tệp .docx")


def read_doc(path: Path) -> SourceText:
    binary = shutil.which("antiword")
    if binary is None:
        raise SourceFileError(str(path), f"tệp Word cũ (.doc) cần chương trình antiword để đọc; {CONVERT_HINT} "
                              "(hoặc cài antiword: sudo apt-get install antiword).")
    result = subprocess.run([binary, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True, timeout=120)
    if result.returncode != 0:
        raise SourceFileError(str(path), f"không đọc được tệp .doc ({result.stderr.decode(errors='replace')[:150]}); "
                              f"{CONVERT_HINT}.")
    return SourceText(lines_to_blocks(result.stdout.decode("utf-8", errors="replace")), laid_out=True)
