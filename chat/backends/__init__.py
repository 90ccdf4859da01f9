"""Generator backends, one module each; ``nghiquyet.chat.generator`` registers them by name."""
