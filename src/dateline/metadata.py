"""Article metadata from HTML: headline, authors, dates, site, language, section, image.

Minimal first version (title, canonical URL, site name, description, image, language from markup);
the full multi-source merge with provenance is built on top of this interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from .models import When
from .options import ExtractOptions

__all__ = ["Metadata", "extract_metadata"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: When | None = None
    modified: When | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    canonical_url: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


def _meta(tree: LexborHTMLParser, *names: str) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"], meta[name="{name}"]')
        if node is not None:
            value = (node.attributes.get("content") or "").strip()
            if value:
                return value
    return None


def extract_metadata(tree: LexborHTMLParser, *, url: str | None, options: ExtractOptions) -> Metadata:
    prov: dict[str, str] = {}
    title = _meta(tree, "og:title", "twitter:title")
    if title:
        prov["title"] = "opengraph"
    else:
        h1 = tree.css_first("h1")
        title = h1.text(strip=True) if h1 is not None else None
        prov["title"] = "h1"
    canonical = None
    link = tree.css_first('link[rel="canonical"]')
    if link is not None and link.attributes.get("href"):
        canonical = urljoin(url or "", (link.attributes.get("href") or "").strip())
    html = tree.css_first("html")
    lang = (html.attributes.get("lang") or "").split("-")[0].lower() if html is not None else ""
    image = _meta(tree, "og:image", "twitter:image")
    return Metadata(
        title=title or None,
        site_name=_meta(tree, "og:site_name"),
        description=_meta(tree, "og:description", "description"),
        image=urljoin(url or "", image) if image else None,
        canonical_url=canonical,
        language=lang or None,
        provenance={k: v for k, v in prov.items() if title},
    )
