"""The web UI (started by app.py): Gradio Blocks over the answering service, the talking points and the
documents, with uploads."""
