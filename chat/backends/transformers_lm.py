"""Any causal LM transformers can load, by hub name or local directory (GPU servers)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from nghiquyet.chat.generator import Generation, Message, TokenCallback
from nghiquyet.core.errors import ConfigError, ModelFileError


class TransformersGenerator:
    """Any causal LM transformers can load, by hub name or local directory (optionally a GGUF file in it),
    with its chat template; streams through ``TextIteratorStreamer``. Meant for servers with a GPU: on a
    2-core CPU a GGUF is de-quantised to fp32 and runs several times slower than llama.cpp."""

    def __init__(self, model: str, gguf_file: str = "", allow_download: bool = False) -> None:
        if not model:
            raise ConfigError("Chưa cấu hình generator_model (tên trên hub hoặc thư mục chứa mô hình).")
        from transformers import AutoModelForCausalLM, AutoTokenizer

        kwargs: dict[str, object] = {"local_files_only": not allow_download}
        if gguf_file:
            kwargs["gguf_file"] = gguf_file
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model, **kwargs)
            self.model = AutoModelForCausalLM.from_pretrained(model, **kwargs)
        except (OSError, ValueError) as exc:
            hint = "" if allow_download else " (máy không tải mô hình từ Internet; hãy trỏ tới thư mục đã có mô hình)"
            raise ModelFileError(f"Không nạp được mô hình '{model}'{hint}: {exc}") from exc
        import torch

        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self.model.to(self.device)
        self._lock = threading.Lock()
        self.name = f"transformers/{Path(model).name if Path(model).exists() else model}" + (f"/{gguf_file}" if gguf_file else "")

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None) -> Generation:
        from transformers import TextIteratorStreamer

        inputs = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                    return_dict=True).to(self.device)
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        arguments = dict(**inputs, max_new_tokens=max_tokens, do_sample=False, streamer=streamer)
        pieces: list[str] = []
        first: float | None = None
        started = time.perf_counter()
        with self._lock:
            worker = threading.Thread(target=self.model.generate, kwargs=arguments, daemon=True)
            worker.start()
            for text in streamer:
                if not text:
                    continue
                first = first or time.perf_counter()
                pieces.append(text)
                if on_token:
                    on_token(text)
            worker.join()
        text = "".join(pieces)
        completion = len(self.tokenizer(text, add_special_tokens=False)["input_ids"]) if text else 0
        return Generation(text, self.name, int(inputs["input_ids"].shape[1]), completion,
                          (first - started) * 1000 if first else None, (time.perf_counter() - started) * 1000)
