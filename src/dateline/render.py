"""Articles rendered for people: Markdown with a YAML front-matter block."""

from __future__ import annotations

import json

from .models import Article

__all__ = ["to_markdown"]

_FRONT = ("title", "authors", "published", "modified", "site_name", "language", "section", "tags",
          "url", "canonical_url", "image", "description")


def to_markdown(article: Article) -> str:
    data = article.to_dict()
    lines = ["---"]
    for key in _FRONT:
        value = data.get(key)
        if value in (None, "", []):
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    head = f"\n# {article.title}\n" if article.title else ""
    return "\n".join(lines) + "\n" + head + "\n" + article.body + "\n"
