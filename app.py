"""Start the Trợ lý Nghị quyết web UI on the ingested corpus: ``python app.py``.

Binds to 127.0.0.1:7860 unless configured otherwise (``server_name`` / ``server_port`` in the ``[ui]`` table of
nghiquyet.toml, or Gradio's GRADIO_SERVER_NAME / GRADIO_SERVER_PORT). See ui/server.py.
"""

from nghiquyet.ui.server import main

if __name__ == "__main__":
    raise SystemExit(main())
