"""Rebuild the sample files from the articles below: `python -m dateline.samples.build`.

Every article here is fictional and written for dateline (sites use the reserved `.example`
domain). Each is rendered with one of three page layouts, then written as an HTML file, inside
the WARC, as scraped text or in the JSON Lines dump, as its `home` says.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ARTICLES", "SampleArticle", "build", "render_html", "render_text", "warc_record"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleArticle:
    slug: str
    site: str
    site_name: str
    lang: str
    title: str
    authors: tuple[str, ...]
    published: str
    section: str
    paragraphs: tuple[str, ...]
    layout: str = "jsonld"  # jsonld, opengraph, microdata
    home: str = "html"  # html, warc, text, jsonl
    tags: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"https://{self.site}/{self.section.lower()}/{self.published[:10].replace('-', '/')}/{self.slug}"


_WIRE = (
    "The Central Bank of Eastmark kept its main interest rate at 4.25 percent on Thursday, the third meeting in a "
    "row without a change, saying that inflation in services was easing more slowly than it had expected in the "
    "spring.",
    "Governor Helena Marsh told reporters that the bank wanted to see several more months of data before it would "
    "consider lowering borrowing costs. \"We are not in a hurry, and households should not expect a cut before the "
    "new year,\" she said.",
    "Consumer prices rose 3.1 percent in the year to September, down from a peak of 7.8 percent two years ago, but "
    "rents and insurance premiums continued to climb faster than wages in most regions of the country.",
    "The decision was backed by seven of the nine members of the rate committee. Two members voted for a quarter-point "
    "reduction, arguing that the slowdown in manufacturing orders pointed to weaker demand ahead.",
    "The currency rose slightly against the euro after the announcement, while yields on two-year government bonds "
    "fell for a second day as traders trimmed their bets on further increases.",
)

ARTICLES: tuple[SampleArticle, ...] = (
    SampleArticle(
        slug="central-bank-holds-rates", site="meridianpost.example", site_name="The Meridian Post", lang="en",
        title="Central bank holds rates at 4.25% as service inflation lingers", authors=("Tomas Reyes",),
        published="2026-10-08T14:05:00+01:00", section="Business", paragraphs=_WIRE, layout="jsonld",
        tags=("economy", "interest rates"),
    ),
    SampleArticle(
        slug="rates-unchanged-again", site="valleyledger.example", site_name="Valley Ledger", lang="en",
        title="No change: Eastmark's borrowing costs stay put for third meeting", authors=("Tomas Reyes",),
        published="2026-10-08T15:30:00+01:00", section="Money",
        paragraphs=(*_WIRE, "Additional reporting by the Valley Ledger business desk."), layout="opengraph",
        tags=("economy",),
    ),
    SampleArticle(
        slug="economists-split-on-rate-cuts", site="meridianpost.example", site_name="The Meridian Post", lang="en",
        title="Economists split on when the first interest rate cut will come", authors=("Priya Anand", "Owen Blake"),
        published="2026-10-10T08:00:00+01:00", section="Business", layout="jsonld", tags=("economy", "interest rates"),
        paragraphs=(
            "A survey of thirty economists published on Saturday found no agreement on when the central bank will "
            "begin to lower interest rates, with forecasts ranging from December to the autumn of next year.",
            "Half of the respondents expect inflation to fall below three percent by March, which they say would give "
            "the rate committee room to act. The other half point to stubborn wage growth in hospitality and care.",
            "\"The bank has been clear that it wants evidence, not hope,\" said Mara Quint, chief economist at a "
            "regional lender. \"Evidence takes time to arrive, so I would not bet on anything before spring.\"",
            "Mortgage brokers reported that fixed-rate deals had already become slightly cheaper over the summer, as "
            "lenders priced in lower rates over the next two years.",
        ),
    ),
    SampleArticle(
        slug="tidal-energy-pilot-approved", site="northbridgecourier.example", site_name="Northbridge Courier",
        lang="en", title="Harbour council approves tidal energy pilot off Gull Point", authors=("Fiona MacLeod",),
        published="2026-09-22T11:15:00+01:00", section="Local", layout="microdata", tags=("energy", "harbour"),
        paragraphs=(
            "Northbridge harbour council voted eleven to two on Monday night to allow a two-year trial of underwater "
            "tidal turbines in the channel off Gull Point, ending a debate that has run for almost three years.",
            "The three turbines, each about the size of a delivery van, will sit on the seabed twenty metres below "
            "the surface and are expected to supply enough electricity for four hundred homes when the tide runs.",
            "Fishermen had opposed an earlier plan that would have closed part of the channel. The revised scheme "
            "keeps the shipping lane open and moves the cable landing away from the lobster grounds.",
            "Councillor Ruth Adeyemi said the pilot would be monitored by marine biologists from the university, who "
            "will publish their findings on seals and porpoises every six months.",
        ),
    ),
    SampleArticle(
        slug="library-volunteers-digitise-newspapers", site="northbridgecourier.example",
        site_name="Northbridge Courier", lang="en", title="Volunteers bring 140 years of local newspapers online",
        authors=("Daniel Osei",), published="2026-08-30", section="Culture", layout="opengraph", home="warc",
        paragraphs=(
            "A team of forty volunteers at Northbridge public library has finished scanning every issue of the town's "
            "first newspaper, from its launch in 1862 to its closure in 2003, and the archive opened online this week.",
            "The project took four years and more than eleven thousand hours of work. Pages too fragile to be handled "
            "were photographed on a cradle built by a retired carpenter who joined the group in its first month.",
            "Researchers can now search shipping notices, court reports and birth announcements by name and date. "
            "The library says family historians have already made more than two thousand searches.",
        ),
    ),
    SampleArticle(
        slug="rowing-title", site="valleyledger.example", site_name="Valley Ledger", lang="en",
        title="Underdogs from Millbrook clinch regional rowing title", authors=("Sam Whitaker",),
        published="2026-07-14T18:40:00+01:00", section="Sport", layout="jsonld", home="warc", tags=("rowing",),
        paragraphs=(
            "The Millbrook rowing club, which had never reached a regional final, won the men's eight on Sunday by "
            "half a length after overtaking the defending champions in the last two hundred metres.",
            "The crew trains on a reservoir before work three mornings a week and bought its boat second hand from a "
            "university club. \"Nobody gave us a chance, which was quite freeing,\" said stroke Ben Kowalski.",
            "The women's eight from the same club finished fourth. Both crews now qualify for the national "
            "championships in September.",
        ),
    ),
    SampleArticle(
        slug="passerelle-cyclable", site="lagazettedulac.example", site_name="La Gazette du Lac", lang="fr",
        title="Lormont inaugure une passerelle cyclable au-dessus de la voie ferrée", authors=("Claire Dubois",),
        published="2026-09-05T09:30:00+02:00", section="Ville", layout="jsonld", tags=("vélo", "urbanisme"),
        paragraphs=(
            "La nouvelle passerelle réservée aux piétons et aux cyclistes a été ouverte samedi matin, reliant le "
            "quartier des Rives au centre-ville sans passer par le carrefour de la gare.",
            "Longue de quatre-vingts mètres, elle a coûté 3,2 millions d'euros, financés pour moitié par la région. "
            "Les travaux ont duré quatorze mois, soit trois de plus que prévu à cause d'un retard de livraison.",
            "Selon la mairie, près de deux mille cyclistes empruntaient chaque jour le carrefour, où six accidents "
            "ont été recensés l'an dernier. Un comptage sera installé à l'entrée de l'ouvrage dès la semaine prochaine.",
        ),
    ),
    SampleArticle(
        slug="vendanges-precoces", site="lagazettedulac.example", site_name="La Gazette du Lac", lang="fr",
        title="Les vendanges commencent avec deux semaines d'avance", authors=("Julien Marchand",),
        published="2026-08-24T07:00:00+02:00", section="Économie", layout="microdata", home="jsonl",
        paragraphs=(
            "Dans les coteaux au sud du lac, les premières grappes ont été cueillies lundi, deux semaines plus tôt "
            "que la moyenne des vingt dernières années, après un été chaud et très sec.",
            "Les viticulteurs se disent satisfaits de l'état sanitaire des raisins, mais s'attendent à des volumes "
            "inférieurs d'environ quinze pour cent à ceux de l'an passé.",
            "La coopérative a avancé l'embauche des saisonniers et ouvert son pressoir le dimanche pour absorber "
            "l'arrivée des vendanges pendant les journées les plus chaudes.",
        ),
    ),
    SampleArticle(
        slug="autofreie-innenstadt", site="rheintalbote.example", site_name="Rheintal-Bote", lang="de",
        title="Stadtrat beschließt autofreie Innenstadt an Wochenenden", authors=("Katrin Vogel",),
        published="2026-09-18T19:20:00+02:00", section="Lokales", layout="opengraph", tags=("Verkehr",),
        paragraphs=(
            "Die Innenstadt wird ab dem kommenden Frühjahr an Samstagen und Sonntagen für Autos gesperrt. Der "
            "Stadtrat stimmte am Donnerstagabend mit knapper Mehrheit für den Versuch, der zunächst ein Jahr dauert.",
            "Lieferverkehr bleibt bis elf Uhr erlaubt, Anwohnerinnen und Anwohner erhalten Ausnahmegenehmigungen. "
            "Die Busse fahren an den Wochenenden im Zehn-Minuten-Takt, die Parkhäuser am Rand bleiben geöffnet.",
            "Der Einzelhandelsverband hatte vor sinkenden Umsätzen gewarnt. Die Verwaltung will deshalb jeden Monat "
            "Passantenzahlen veröffentlichen und den Versuch nach sechs Monaten überprüfen.",
        ),
    ),
    SampleArticle(
        slug="moore-kartiert", site="rheintalbote.example", site_name="Rheintal-Bote", lang="de",
        title="Forscherinnen kartieren die letzten Moore im Alpenvorland", authors=("Jonas Albrecht",),
        published="2026-06-02T10:00:00+02:00", section="Wissen", layout="jsonld", home="warc",
        paragraphs=(
            "Ein Team der Hochschule hat mit Drohnen und Bodenproben zweihundert Moorflächen im Alpenvorland "
            "vermessen und dabei festgestellt, dass mehr als die Hälfte in den vergangenen dreißig Jahren geschrumpft ist.",
            "Intakte Moore speichern große Mengen Kohlenstoff. Werden sie entwässert, geben sie ihn als Kohlendioxid "
            "wieder ab. Die Forscherinnen empfehlen, alte Entwässerungsgräben an vierzig Stellen zu schließen.",
            "Die Karte soll im Herbst öffentlich zugänglich sein, damit Gemeinden und Landwirte sehen können, "
            "welche Flächen sich am ehesten wiedervernässen lassen.",
        ),
    ),
    SampleArticle(
        slug="gruas-electricas", site="diariodelpuerto.example", site_name="Diario del Puerto", lang="es",
        title="El puerto de Valdemar estrena sus primeras grúas eléctricas", authors=("Lucía Ferrer",),
        published="2026-10-01T12:00:00+02:00", section="Economía", layout="microdata", tags=("puerto", "energía"),
        paragraphs=(
            "El puerto de Valdemar puso en marcha este miércoles dos grúas de contenedores totalmente eléctricas, "
            "las primeras de la costa, que sustituyen a equipos diésel con más de veinticinco años de servicio.",
            "Según la autoridad portuaria, cada grúa evitará la emisión de unas novecientas toneladas de dióxido de "
            "carbono al año y reducirá el ruido que soportan los vecinos del barrio de La Marina.",
            "La inversión, de once millones de euros, incluye una subestación nueva. Está previsto sustituir otras "
            "cuatro grúas antes de 2029.",
        ),
    ),
    SampleArticle(
        slug="festival-cine-rural", site="diariodelpuerto.example", site_name="Diario del Puerto", lang="es",
        title="Un festival de cine lleva las pantallas a doce pueblos de la sierra", authors=("Marta Gil",),
        published="2026-07-20T17:45:00+02:00", section="Cultura", layout="opengraph", home="text",
        paragraphs=(
            "Durante tres semanas, un camión con una pantalla hinchable recorrerá doce pueblos de la sierra que no "
            "tienen sala de cine, con proyecciones gratuitas en las plazas al caer la noche.",
            "La programación mezcla estrenos recientes con clásicos elegidos por los propios vecinos en una votación "
            "organizada por las bibliotecas municipales durante la primavera.",
            "Los organizadores esperan superar los cuatro mil espectadores de la edición anterior y han añadido "
            "sesiones infantiles por la tarde en los pueblos con escuela.",
        ),
    ),
    SampleArticle(
        slug="biblioteca-riaperta", site="corrieredellevalli.example", site_name="Corriere delle Valli", lang="it",
        title="Il borgo di Sant'Elmo riapre la biblioteca dopo il restauro", authors=("Giulia Bernardi",),
        published="2026-05-12T08:30:00+02:00", section="Cultura", layout="jsonld", home="warc",
        paragraphs=(
            "Dopo due anni di lavori, la biblioteca comunale di Sant'Elmo ha riaperto sabato nella vecchia scuola "
            "elementare, con una sala di lettura più ampia e un giardino per le letture all'aperto.",
            "Il restauro è costato ottocentomila euro ed è stato finanziato in parte da una raccolta fondi tra gli "
            "abitanti, che hanno donato anche più di tremila libri.",
            "La biblioteca sarà aperta sei giorni su sette e ospiterà un corso di informatica per gli anziani a "
            "partire da ottobre.",
        ),
    ),
    SampleArticle(
        slug="pescadores-cooperativa", site="jornaldacosta.example", site_name="Jornal da Costa", lang="pt",
        title="Pescadores criam cooperativa para vender peixe diretamente aos restaurantes", authors=("Rui Tavares",),
        published="2026-09-09T16:10:00+01:00", section="Economia", layout="opengraph", home="jsonl",
        paragraphs=(
            "Vinte e seis pescadores da vila de Porto Claro fundaram uma cooperativa que passa a vender o peixe "
            "diretamente a restaurantes da região, sem passar pela lota da cidade vizinha.",
            "Com uma carrinha refrigerada comprada em conjunto, o peixe chega às cozinhas poucas horas depois da "
            "descarga. Os associados esperam ganhar mais vinte por cento por quilo.",
            "A câmara municipal cedeu um armazém junto ao porto, onde a cooperativa instalou uma câmara frigorífica "
            "e uma pequena banca aberta ao público aos sábados.",
        ),
    ),
    SampleArticle(
        slug="minato-toshokan", site="minatoshimbun.example", site_name="みなと新聞", lang="ja",
        title="港町に新しい図書館が開館、蔵書は十万冊", authors=("山田 花子",),
        published="2026-04-03T10:00:00+09:00", section="地域", layout="jsonld", home="html",
        paragraphs=(
            "港町の中心部に三日、新しい市立図書館が開館した。旧倉庫を改装した建物で、蔵書はおよそ十万冊。"
            "初日は開館前から三百人以上が列をつくった。",
            "館内には子ども向けの読み聞かせ室や、港の歴史を紹介する展示コーナーが設けられた。"
            "市は年間二十万人の利用を見込んでいる。",
            "館長の佐藤一郎さんは「本を借りるだけでなく、人が集まる場所にしたい」と話した。",
        ),
    ),
    SampleArticle(
        slug="ferry-timetable", site="northbridgecourier.example", site_name="Northbridge Courier", lang="en",
        title="Winter ferry timetable adds an early sailing to the islands", authors=("Fiona MacLeod",),
        published="2026-10-15T07:30:00+01:00", section="Local", layout="microdata", home="text",
        paragraphs=(
            "The ferry operator will add a six o'clock sailing to the outer islands from the first of November, "
            "after islanders collected more than nine hundred signatures asking for an earlier boat to the mainland.",
            "Until now the first crossing left at half past eight, which meant that workers and students arrived too "
            "late for morning shifts and lectures. The new sailing returns at seven in the evening.",
            "The operator said the change was possible because a second crew had been hired over the summer. Fares "
            "will not change this winter.",
        ),
    ),
)

_CSS = "body{font-family:Georgia,serif;max-width:46rem;margin:auto}nav a{margin-right:1em}.promo{color:#888}"


def _chrome(a: SampleArticle, main: str, head: str) -> str:
    nav = "".join(f'<a href="/{s}">{s.title()}</a>' for s in ("news", "business", "sport", "culture", "opinion"))
    related = "".join(
        f'<li><a href="/more/{i}">Read more: another story from {html.escape(a.site_name)} ({i})</a></li>'
        for i in range(1, 5)
    )
    return f"""<!DOCTYPE html>
<html lang="{a.lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(a.title)} | {html.escape(a.site_name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{a.url}">
{head}
<style>{_CSS}</style>
</head>
<body>
<header><a class="logo" href="/">{html.escape(a.site_name)}</a><nav>{nav}</nav>
<form action="/search"><input name="q" placeholder="Search"></form></header>
<div class="promo">Subscribe to our newsletter for the morning briefing.</div>
{main}
<aside><h2>Most read</h2><ul>{related}</ul></aside>
<footer><p>© 2026 {html.escape(a.site_name)}. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> <a href="/contact">Contact</a> <a href="/rss">RSS</a></p></footer>
</body>
</html>
"""


def _paras(a: SampleArticle) -> str:
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs)


def render_html(a: SampleArticle) -> str:
    """The article as a full page in its layout."""
    authors = ", ".join(a.authors)
    if a.layout == "jsonld":
        data = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
            "datePublished": a.published, "inLanguage": a.lang, "articleSection": a.section,
            "author": [{"@type": "Person", "name": n} for n in a.authors],
            "publisher": {"@type": "Organization", "name": a.site_name}, "keywords": list(a.tags),
            "mainEntityOfPage": a.url,
        }
        head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        main = f"""<main><article>
<h1>{html.escape(a.title)}</h1>
<p class="byline">By {html.escape(authors)} · <time datetime="{a.published}">{a.published[:10]}</time></p>
{_paras(a)}
</article></main>"""
    elif a.layout == "opengraph":
        tags = "".join(f'<meta property="article:tag" content="{html.escape(t)}">' for t in a.tags)
        head = f"""<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(a.title)}">
<meta property="og:site_name" content="{html.escape(a.site_name)}">
<meta property="og:url" content="{a.url}">
<meta property="article:published_time" content="{a.published}">
<meta property="article:section" content="{html.escape(a.section)}">
<meta name="author" content="{html.escape(authors)}">{tags}"""
        main = f"""<div id="content"><div class="story">
<h1 class="headline">{html.escape(a.title)}</h1>
<div class="meta"><span class="author">{html.escape(authors)}</span> <span class="date">{a.published[:10]}</span></div>
<div class="story-body">
{_paras(a)}
</div>
<div class="share">Share this article: Facebook · X · Email</div>
</div></div>"""
    else:
        head = f'<meta name="description" content="{html.escape(a.paragraphs[0][:150])}">'
        people = ", ".join(
            f'<span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">'
            f"{html.escape(n)}</span></span>" for n in a.authors
        )
        main = f"""<main><article itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">{html.escape(a.title)}</h1>
<p class="byline">{people} — <time itemprop="datePublished" datetime="{a.published}">{a.published[:10]}</time></p>
<div itemprop="articleBody">
{_paras(a)}
</div>
</article></main>"""
    return _chrome(a, main, head)


def render_text(a: SampleArticle) -> str:
    """The page as scraped text: the article with its navigation and footer lines."""
    lines = [
        a.site_name, "Home | News | Business | Sport | Culture | Opinion", "Subscribe", a.title,
        f"By {', '.join(a.authors)}", a.published[:10], "", *[p + "\n" for p in a.paragraphs],
        "Share this article", "Most read", f"© 2026 {a.site_name}. All rights reserved.", "Privacy | Contact",
    ]
    return "\n".join(lines) + "\n"


def warc_record(url: str, body: bytes, *, date: str, status: str = "200 OK", ctype: str = "text/html") -> bytes:
    """One gzip-compressed WARC/1.0 response record (the format every WARC reader reads)."""
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(head + http + b"\r\n\r\n")
    return buf.getvalue()


def _index_page() -> str:
    items = "".join(
        f'<li><a href="{a.url}">{html.escape(a.title)}</a></li>' for a in ARTICLES if a.site == "valleyledger.example"
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sport | Valley Ledger</title></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><h1>Sport</h1><ul>{items}</ul>
<footer>© 2026 Valley Ledger</footer></body></html>
"""


def build(root: Path) -> list[Path]:
    """Write every sample file under `root`; returns the paths written."""
    written: list[Path] = []
    for sub in ("html", "text", "warc", "dumps"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    warc = bytearray()
    dump: list[str] = []
    for a in ARTICLES:
        page = render_html(a)
        if a.home == "html":
            path = root / "html" / f"{a.lang}-{a.slug}.html"
            path.write_text(page, encoding="utf-8")
            written.append(path)
        elif a.home == "text":
            path = root / "text" / f"{a.lang}-{a.slug}.txt"
            path.write_text(render_text(a), encoding="utf-8")
            written.append(path)
        elif a.home == "warc":
            warc += warc_record(a.url, page.encode("utf-8"), date=a.published[:10] + "T12:00:00Z")
        else:
            record = {"id": a.slug, "url": a.url, "fetched_at": a.published[:10] + "T12:00:00Z"}
            record.update({"html": page} if a.layout == "opengraph" else {"text": render_text(a)})
            dump.append(json.dumps(record, ensure_ascii=False))
    warc += warc_record("https://valleyledger.example/sport/", _index_page().encode(), date="2026-10-16T09:00:00Z")
    warc += warc_record("https://valleyledger.example/gone", b"<html><body>Not found</body></html>",
                        date="2026-10-16T09:00:01Z", status="404 Not Found")
    (root / "warc" / "samples.warc.gz").write_bytes(bytes(warc))
    (root / "dumps" / "samples.jsonl").write_text("\n".join(dump) + "\n", encoding="utf-8")
    written += [root / "warc" / "samples.warc.gz", root / "dumps" / "samples.jsonl"]
    return written


if __name__ == "__main__":
    for p in build(Path(__file__).resolve().parent):
        print(p)
