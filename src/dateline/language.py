"""The language of a text, identified by py3langid (ISO 639-1 codes).

The model (about 1 s to load) is loaded lazily, once per process, on the first call.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["detect_language", "normalise_language"]

#: Texts shorter than this (in characters) are too short to identify reliably.
MIN_CHARS = 20
#: Normalised probability below which the identifier's guess is not trusted.
MIN_CONFIDENCE = 0.5


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, or None when unsure or too short."""
    if not isinstance(text, str):
        return None
    sample = text[:5000].strip()
    if len(sample) < MIN_CHARS:
        return None
    code, probability = _identifier().classify(sample)
    if probability < MIN_CONFIDENCE:
        return None
    return normalise_language(str(code))


def normalise_language(tag: str | None) -> str | None:
    """`en-US`, `en_GB`, `EN` -> `en`; None for an empty or malformed tag."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if 2 <= len(primary) <= 3 and primary.isalpha() and primary.isascii():
        return primary
    return None
