"""Search across advanced experiences, problems and key issues, in Chinese and English.

The index is our own (`SearchDocument`, `SearchTerm`), so that the same query ranks
the same way on SQLite and PostgreSQL:

- Text is cut into terms: runs of Chinese characters by jieba's search mode (with the
  trade's words of `user_words.txt`), English and pinyin words lower-cased and stemmed
  (Snowball), digits kept; stop words of both languages are dropped, and a Chinese
  character standing alone counts for little.
- Each term of a document is stored with a BM25 weight: its frequency (title words
  count three times) saturates, and long documents are evened out against a fixed
  typical length, so a weight never depends on what else is in the index.
- A query sums weight × idf per document in one SQL statement (idf from the document
  frequencies read at query time) and orders by that score rounded to six decimals,
  then by date, then id.
- Experiences travel between plants: everyone holding a role sees them. Problems and
  key issues are filtered in the same statement through `restrict(user, "view")`.

The index follows saves and deletions after their commit (`signals.py`), and so
does what its entries copy: a unit renamed or moved, a person renamed. Bulk loads call
`reindex_all()`, as does `gexin reindex`.
"""

import functools
import math
import re
import threading
import unicodedata
from pathlib import Path

from django.db import connections, router, transaction
from django.db.models import Case, Count, F, FloatField, Max, Q, Sum, Value, When
from django.db.models.functions import Round
from django.urls import NoReverseMatch
from django.utils.html import escape
from django.utils.safestring import mark_safe

from gexin.core.urls import object_url
from gexin.exchange.choices import DocumentKind, Language
from gexin.exchange.models import PLANT_KINDS, Experience, SearchDocument, SearchTerm, plant_of

USER_WORDS = Path(__file__).with_name("user_words.txt")

# --- The tokeniser ---

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
TOKEN = re.compile(rf"([{CJK}]+)|([a-z]+(?:'[a-z]+)*)|(\d+(?:\.\d+)?)")
TERM_LENGTH = 64  # SearchTerm.term

# A Chinese character that jieba leaves on its own (换, 长) says little about what a text
# is about, but it is all a one-character query has to go on.
SINGLE_CHARACTER_WEIGHT = 0.3


def _words(text):
    return frozenset(text.split())


CHINESE_STOPWORDS = _words(
    """的 了 和 与 及 或 是 在 把 被 对 从 由 为 以 就 也 都 而 又 这 那 之 其 于 将 着 过
    个 很 有 没有 一个 一些 这个 那个 这些 那些 这样 我们 他们 你们 它们 我 你 他 她 它
    啊 吗 呢 吧 呀 使 让 并 且 并且 但 但是 所 因 因为 因此 所以 如果 然后 而且 以及 进行
    还 更 最 已 已经 就是 可以 能够 一 不 要 得 地 给 向 等 等等 该 此 各 每 些"""
)
ENGLISH_STOPWORDS = _words(
    """a an and are as at be been but by can did do does for from had has have he her his
    how i if in into is it its it's me my no not of on or our out over she so such than
    that the their them then there these they this those to too up us very was we were
    what when where which while who whom why will with would you your"""
)


@functools.cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=50_000)
def stem(word):
    """The Snowball (Porter 2) stem of an English word: changes, changing → chang."""
    return _stemmer().stemWord(word)


_jieba_lock = threading.Lock()
_jieba = None


def segmenter():
    """jieba's tokenizer with the trade's words, loaded once per process on first use."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in user_words():
                    tokenizer.add_word(word)
                _jieba = tokenizer
    return _jieba


def user_words():
    """The words of `user_words.txt` (one a line, # starts a comment line)."""
    lines = USER_WORDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def normalise(text):
    """Full-width forms folded (ＡＢＣ１２ → abc12), lower case, accents dropped (lián → lian)."""
    text = unicodedata.normalize("NFKC", text or "").lower().replace("\u2019", "'")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    )


def analyse(text):
    """The terms of a text with their weights, in order: [(term, weight), …].

    Chinese runs go through jieba's search mode, which gives a long word and the known
    words inside it (换轧辊 → 轧辊, 换轧辊); English and pinyin words are stemmed.
    """
    terms = []
    for chinese, word, number in TOKEN.findall(normalise(text)):
        if chinese:
            for piece in segmenter().cut_for_search(chinese):
                if piece in CHINESE_STOPWORDS or not CJK_RUN.fullmatch(piece):
                    continue
                weight = SINGLE_CHARACTER_WEIGHT if len(piece) == 1 else 1.0
                terms.append((piece[:TERM_LENGTH], weight))
        elif word:
            if len(word) < 2 or word in ENGLISH_STOPWORDS:
                continue
            terms.append((stem(word)[:TERM_LENGTH], 1.0))
        else:
            terms.append((number[:TERM_LENGTH], 1.0))
    return terms


def tokenise(text):
    """The terms of a text, in order (see `analyse`)."""
    return [term for term, _weight in analyse(text)]


# --- Indexing ---

TITLE_WEIGHT = 3.0
# BM25's constants, and the length (in weighted terms) a document is evened out against:
# about that of a typical experience, so that a weight is fixed when it is written.
K1 = 1.2
B = 0.75
TYPICAL_LENGTH = 80.0
BATCH = 2000


def bm25(frequency, length):
    """The weight of a term found `frequency` times (weighted) in a document of `length`."""
    norm = K1 * (1 - B + B * length / TYPICAL_LENGTH)
    return frequency * (K1 + 1) / (frequency + norm)


def term_weights(fields):
    """({term: BM25 weight}, length) of a document made of (text, field weight) pairs."""
    frequencies = {}
    length = 0.0
    for text, field_weight in fields:
        for term, weight in analyse(text):
            frequencies[term] = frequencies.get(term, 0.0) + weight * field_weight
            length += weight * field_weight
    return {term: bm25(tf, length) for term, tf in frequencies.items()}, length


def models_by_kind():
    from gexin.innovation.models import KeyIssue, Problem

    return {
        DocumentKind.EXPERIENCE: Experience,
        DocumentKind.PROBLEM: Problem,
        DocumentKind.KEY_ISSUE: KeyIssue,
    }


def kind_of(obj_or_model):
    """The document kind of an experience, a problem or a key issue (or its model)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for kind, kind_model in models_by_kind().items():
        if issubclass(model, kind_model):
            return kind
    raise TypeError(f"{model.__name__} is not searched")


def _language_of(text):
    return Language.CHINESE if CJK_RUN.search(text) else Language.ENGLISH


def _source(kind, obj, people=()):
    """(document fields, [(text, weight)]) of an object."""
    unit = obj.unit
    if kind == DocumentKind.EXPERIENCE:
        names = " ".join(f"{person.name} {person.name_latin}" for person in people)
        fields = [
            (obj.title, TITLE_WEIGHT),
            (obj.problem, 1.0),
            (obj.method, 1.0),
            (names, 1.0),
            (f"{unit.name} {unit.name_zh}", 1.0),
        ]
        document = {
            "work_type_id": obj.work_type_id or unit.work_type_id,
            "dated": obj.introduced_on,
            "language": obj.language,
        }
    elif kind == DocumentKind.PROBLEM:
        fields = [(obj.title, TITLE_WEIGHT), (obj.description, 1.0)]
        document = {"work_type_id": unit.work_type_id, "dated": obj.posted_on}
    else:
        fields = [(obj.title, TITLE_WEIGHT), (obj.description, 1.0), (obj.solution, 1.0)]
        document = {"work_type_id": unit.work_type_id, "dated": obj.ranked_on}
    document.setdefault("language", _language_of(" ".join(text for text, _w in fields)))
    document.update({"title": obj.title[:200], "unit_id": obj.unit_id})
    return document, fields


def is_searchable(obj):
    """A problem merged into another is found through the one it went into."""
    return not getattr(obj, "is_merged", False)


def index_object(obj):
    """Write (or rewrite) the index entry of an experience, a problem or a key issue.

    Returns its SearchDocument, or None when the object is not searchable (a merged
    problem), in which case any old entry is removed.
    """
    kind = kind_of(obj)
    if not is_searchable(obj):
        unindex_object(obj)
        return None
    people = obj.people.all() if kind == DocumentKind.EXPERIENCE else ()
    values, fields = _source(kind, obj, people)
    weights, length = term_weights(fields)
    values.update({"plant_id": plant_of(obj.unit).pk, "length": round(length)})
    using = router.db_for_write(SearchDocument)
    with transaction.atomic(using=using):
        document, _created = SearchDocument.objects.update_or_create(
            kind=kind, object_id=obj.pk, defaults=values
        )
        SearchTerm.objects.filter(document=document).delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(document=document, term=term, weight=w) for term, w in weights.items()],
            batch_size=BATCH,
        )
    return document


def unindex_object(obj, pk=None):
    """Remove an object's index entry: `unindex_object(obj)` or `unindex_object(kind, pk)`."""
    if pk is None:
        kind, pk = kind_of(obj), obj.pk
    else:
        kind = obj
    SearchDocument.objects.filter(kind=kind, object_id=pk).delete()


def refresh(kind, pk):
    """Index the object as it is stored now, or drop its entry when it is gone."""
    model = models_by_kind()[kind]
    obj = model._base_manager.select_related("unit").filter(pk=pk).first()
    if obj is None:
        unindex_object(kind, pk)
    else:
        index_object(obj)


def plants_of_units(unit_ids):
    """{unit id: id of its plant} as `plant_of` says, from one read of the units involved."""
    from gexin.core.permissions import PATH_STEP
    from gexin.org.models import Unit

    units = list(Unit.objects.filter(pk__in=set(unit_ids)).values_list("pk", "path", "kind"))
    ancestors = {
        path[:end] for _pk, path, _kind in units for end in range(PATH_STEP, len(path), PATH_STEP)
    }
    plant_paths = dict(
        Unit.objects.filter(path__in=ancestors, kind__in=PLANT_KINDS).values_list("path", "pk")
    )
    found = {}
    for pk, path, kind in units:
        found[pk] = pk
        if kind in PLANT_KINDS:
            continue
        for end in range(len(path) - PATH_STEP, 0, -PATH_STEP):
            if path[:end] in plant_paths:
                found[pk] = plant_paths[path[:end]]
                break
    return found


def _each_source(kind, model, pks=None):
    """Yield (object, document values, fields) of every searchable object of a model
    (of those with the ids `pks`, when given)."""
    queryset = model._base_manager.select_related("unit").order_by("pk")
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    if kind == DocumentKind.EXPERIENCE:
        queryset = queryset.prefetch_related("people")
    for obj in queryset.iterator(chunk_size=BATCH):
        if not is_searchable(obj):
            continue
        people = obj.people.all() if kind == DocumentKind.EXPERIENCE else ()
        yield obj, *_source(kind, obj, people)


def reindex_all():
    """Rebuild the whole index from the stored objects; returns the documents written.

    Run after bulk loads (the demo) that create objects without saving them one by one.
    Writing the same objects twice gives the same index.
    """
    using = router.db_for_write(SearchDocument)
    connection = connections[using]
    quote = connection.ops.quote_name
    total = 0
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            for model in (SearchTerm, SearchDocument):
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        for kind, model in models_by_kind().items():
            batch = []
            for item in _each_source(kind, model):
                batch.append(item)
                if len(batch) >= BATCH:
                    total += _write_batch(kind, batch)
                    batch = []
            if batch:
                total += _write_batch(kind, batch)
    return total


DOCUMENT_FIELDS = ("title", "unit", "plant", "work_type", "dated", "language", "length")


def _write_batch(kind, batch, existing=None):
    """Write the documents and terms of a batch of `_each_source` items.

    `existing`: {object id: document id} of entries rewritten in place (their old
    terms already removed); the others are created."""
    existing = existing or {}
    plants = plants_of_units(values["unit_id"] for _obj, values, _fields in batch)
    documents, all_weights = [], []
    for obj, values, fields in batch:
        weights, length = term_weights(fields)
        values.update({"plant_id": plants[values["unit_id"]], "length": round(length)})
        documents.append(
            SearchDocument(pk=existing.get(obj.pk), kind=kind, object_id=obj.pk, **values)
        )
        all_weights.append(weights)
    kept = [document for document in documents if document.pk is not None]
    if kept:
        SearchDocument.objects.bulk_update(kept, DOCUMENT_FIELDS, batch_size=BATCH)
    SearchDocument.objects.bulk_create(
        [document for document in documents if document.pk is None], batch_size=BATCH
    )
    if any(document.pk is None for document in documents):
        # A database that does not return the new ids: read them back.
        ids = dict(
            SearchDocument.objects.filter(
                kind=kind, object_id__in=[d.object_id for d in documents]
            ).values_list("object_id", "pk")
        )
        for document in documents:
            document.pk = ids[document.object_id]
    insert_terms(
        (document.pk, term, weight)
        for document, weights in zip(documents, all_weights, strict=True)
        for term, weight in weights.items()
    )
    return len(documents)


def reindex_objects(kind, pks):
    """Rewrite the entries of the objects of one kind with the ids `pks`, in bulk.

    Entries keep their ids (as `index_object` keeps them); an object gone or no longer
    searchable loses its entry. Returns the documents written."""
    pks = sorted(set(pks))
    if not pks:
        return 0
    model = models_by_kind()[kind]
    using = router.db_for_write(SearchDocument)
    total = 0
    with transaction.atomic(using=using):
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            existing = dict(
                SearchDocument.objects.filter(kind=kind, object_id__in=chunk).values_list(
                    "object_id", "pk"
                )
            )
            SearchTerm.objects.filter(document_id__in=list(existing.values())).delete()
            batch = list(_each_source(kind, model, chunk))
            written = {obj.pk for obj, _values, _fields in batch}
            gone = [pk for object_id, pk in existing.items() if object_id not in written]
            if gone:
                SearchDocument.objects.filter(pk__in=gone).delete()
            if batch:
                total += _write_batch(kind, batch, existing)
    return total


def refresh_unit(unit_id, changed):
    """Follow a saved unit whose `changed` fields (attribute names) the index uses.

    Its name (name, name_zh) is searched in its own experiences; its work type is the
    work type of its problems and key issues (and of its experiences without one); its
    place in the tree (parent, path, kind) decides the plant of everything under it."""
    from gexin.org.models import Unit

    changed = set(changed)
    if changed & {"name", "name_zh"}:
        experiences = Experience._base_manager.filter(unit_id=unit_id).values_list("pk", flat=True)
        reindex_objects(DocumentKind.EXPERIENCE, list(experiences))
    if "work_type_id" in changed:
        stored = Unit._base_manager.filter(pk=unit_id).values_list("work_type_id", flat=True)
        for work_type_id in stored:
            of_unit = SearchDocument.objects.filter(unit_id=unit_id)
            others = of_unit.exclude(kind=DocumentKind.EXPERIENCE)
            others.exclude(work_type_id=work_type_id).update(work_type_id=work_type_id)
            without_own = Experience._base_manager.filter(unit_id=unit_id, work_type__isnull=True)
            of_unit.filter(
                kind=DocumentKind.EXPERIENCE, object_id__in=without_own.values("pk")
            ).update(work_type_id=work_type_id)
    if changed & {"parent_id", "path", "kind"}:
        refresh_plants_under(unit_id)


def refresh_plants_under(unit_id):
    """Set the plant of every entry under a unit (itself included) to the one the tree
    gives now: after a move, one UPDATE per plant that changed."""
    from gexin.core.permissions import under
    from gexin.org.models import Unit

    path = Unit._base_manager.filter(pk=unit_id).values_list("path", flat=True).first()
    if path is None:
        return
    using = router.db_for_write(SearchDocument)
    subtree = Unit._base_manager.filter(under("path", path, using)).values("pk")
    stored = set(
        SearchDocument.objects.filter(unit__in=subtree)
        .values_list("unit_id", "plant_id")
        .order_by()
        .distinct()
    )
    if not stored:
        return
    plants = plants_of_units(unit for unit, _plant in stored)
    moved = {}
    for unit, plant in stored:
        now = plants.get(unit, plant)  # (a unit deleted meanwhile took its entries along)
        if now != plant:
            moved.setdefault(now, []).append(unit)
    with transaction.atomic(using=using):
        for plant, units in sorted(moved.items()):
            SearchDocument.objects.filter(unit_id__in=units).update(plant_id=plant)


def refresh_experiences_of(person_id):
    """Rewrite the entries of the experiences a person is one of (their names changed)."""
    through = Experience.people.through
    experiences = through.objects.filter(person_id=person_id).values_list(
        "experience_id", flat=True
    )
    return reindex_objects(DocumentKind.EXPERIENCE, list(experiences))


def insert_terms(rows):
    """Write (document id, term, weight) rows: COPY on PostgreSQL, one prepared INSERT
    run over all rows on SQLite. Model instances would cost three times as long."""
    using = router.db_for_write(SearchTerm)
    connection = connections[using]
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    columns = "document_id, term, weight"
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?)", list(rows)
        )
    else:
        SearchTerm.objects.using(using).bulk_create(
            [SearchTerm(document_id=pk, term=term, weight=weight) for pk, term, weight in rows],
            batch_size=5000,
        )


# --- Searching ---

MAX_CANDIDATES = 500
# Scores are compared to this many decimals (see `search`).
SCORE_DIGITS = 6
# A long text (a problem's description) is searched by its most telling terms only.
MAX_QUERY_TERMS = 32
# Similar experiences scoring below this share of the best one are not suggested.
SIMILAR_SHARE = 0.25
SNIPPET_BEFORE = 30
SNIPPET_LENGTH = 140


DETAIL_ROUTES = {
    DocumentKind.EXPERIENCE: "exchange:experience_detail",
    DocumentKind.PROBLEM: "innovation:problem_detail",
    DocumentKind.KEY_ISSUE: "innovation:keyissue_detail",
}
# Objects behind the hits are read when first wanted, this many at a time: a page of
# results reads its own, not the 500 candidates'.
OBJECT_WINDOW = 50


class Hit:
    """One search result: its kind, the object, its score, and what a list shows.

    The title, unit, plant and date come from the index; the object (and the excerpt
    taken from it) is read when first used, together with the hits that follow it.
    """

    def __init__(self, kind, object_id, score, title, unit, plant, date, terms, objects):
        self.kind = kind
        self.id = object_id
        self.score = score
        self.title = title
        self.unit = unit
        self.plant = plant
        self.date = date
        self.terms = terms
        self._objects = objects

    def __repr__(self):
        return f"<Hit {self.kind}:{self.id} {self.score:.3f}>"

    @property
    def obj(self):
        """The experience, problem or key issue (None if it was deleted meanwhile)."""
        return self._objects.get(self)

    @property
    def kind_label(self):
        return DocumentKind(self.kind).label

    @functools.cached_property
    def url(self):
        try:
            return object_url(DETAIL_ROUTES[self.kind], self.id)
        except NoReverseMatch:
            return ""

    @functools.cached_property
    def snippet(self):
        """A short excerpt around the first term found, the matches marked."""
        obj = self.obj
        return excerpt(body_of(self.kind, obj), self.terms) if obj is not None else ""


class _ObjectsOfHits:
    """Reads the objects of a list of hits in windows, one query per kind and window."""

    def __init__(self, units):
        self.hits = []
        self.found = {}
        self.units = units

    def get(self, hit):
        key = (hit.kind, hit.id)
        if key not in self.found:
            self._load(self.hits.index(hit))
        return self.found[key]

    def _load(self, position):
        window = [
            hit
            for hit in self.hits[position : position + OBJECT_WINDOW]
            if (hit.kind, hit.id) not in self.found
        ]
        wanted = {}
        for hit in window:
            wanted.setdefault(hit.kind, []).append(hit.id)
        for kind, ids in wanted.items():
            model = models_by_kind()[kind]
            objects = model._base_manager.in_bulk(ids)
            for obj in objects.values():
                unit = self.units.get(obj.unit_id)
                if unit is not None:
                    model.unit.field.set_cached_value(obj, unit)
            for pk in ids:
                self.found[(kind, pk)] = objects.get(pk)


def body_of(kind, obj):
    """The text a result's excerpt is taken from."""
    if kind == DocumentKind.EXPERIENCE:
        parts = (obj.problem, obj.method)
    elif kind == DocumentKind.PROBLEM:
        parts = (obj.description,)
    else:
        parts = (obj.description, obj.solution)
    return "\n".join(part for part in parts if part)


def match_pattern(terms):
    """A regular expression finding the written forms of the query's terms in a text."""
    alternatives = []
    for term in sorted(set(terms), key=len, reverse=True):
        if CJK_RUN.fullmatch(term):
            alternatives.append(re.escape(term))
        elif term.isdigit() or term.replace(".", "", 1).isdigit():
            alternatives.append(rf"(?<![0-9.]){re.escape(term)}(?![0-9])")
        else:
            # A stem: the word it came from starts with it (chang → changes).
            alternatives.append(rf"(?<![a-z0-9]){re.escape(term)}[a-z]*")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def excerpt(text, terms, before=SNIPPET_BEFORE, length=SNIPPET_LENGTH):
    """About `length` characters of `text` from a little before the first match, escaped,
    with every match wrapped in <mark>. Safe HTML."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    pattern = match_pattern(terms)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - before) if first else 0
    end = min(len(text), start + length)
    part = text[start:end]
    pieces = []
    position = 0
    for found in pattern.finditer(part) if pattern else ():
        pieces.append(escape(part[position : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    pieces.append(escape(part[position:]))
    return mark_safe(
        ("…" if start > 0 else "") + "".join(pieces) + ("…" if end < len(text) else "")
    )


def query_terms(text):
    """{term: weight} of a query: each term once, at its highest weight."""
    terms = {}
    for term, weight in analyse(text):
        terms[term] = max(weight, terms.get(term, 0.0))
    return terms


def idf(documents, frequency):
    """BM25's inverse document frequency, never negative."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def _visible(user, kinds):
    """A Q on SearchTerm keeping the documents the user may see, or None for none.

    Experiences are seen by everyone holding a role; problems and key issues through
    their own `restrict(user, "view")`, as a subquery of the same statement."""
    models = models_by_kind()
    visible = None
    for kind in kinds:
        allowed = models[kind].objects.restrict(user, "view")
        if allowed.query.is_empty():
            continue
        part = Q(document__kind=kind)
        if allowed.query.where:
            part &= Q(document__object_id__in=allowed.values("pk"))
        visible = part if visible is None else visible | part
    return visible


def _as_id(value):
    return getattr(value, "pk", value)


def search(
    user,
    query,
    *,
    kinds=None,
    work_type=None,
    plant=None,
    start=None,
    end=None,
    limit=MAX_CANDIDATES,
    exclude=(),
):
    """The experiences, problems and key issues matching `query` that `user` may see,
    best first: [Hit, …], at most `limit` (500).

    `kinds` narrows to some DocumentKinds; `work_type` and `plant` (objects or ids)
    and the dates `start`/`end` filter; `exclude` is a list of (kind, id) to leave out.
    """
    if isinstance(kinds, str):
        kinds = [kinds]
    kinds = [DocumentKind(kind) for kind in (kinds or DocumentKind.values)]
    weighted = query_terms(query)
    if not weighted or not kinds:
        return []
    visible = _visible(user, kinds)
    if visible is None:
        return []
    documents = SearchDocument.objects.count()
    frequencies = dict(
        SearchTerm.objects.filter(term__in=weighted)
        .values("term")
        .annotate(n=Count("pk"))
        .values_list("term", "n")
    )
    scored = {
        term: weight * idf(documents, frequencies[term])
        for term, weight in weighted.items()
        if frequencies.get(term)
    }
    if not scored:
        return []
    if len(scored) > MAX_QUERY_TERMS:
        kept = sorted(scored, key=lambda term: (-scored[term], term))[:MAX_QUERY_TERMS]
        scored = {term: scored[term] for term in kept}
    filters = Q(term__in=list(scored)) & visible
    if work_type is not None:
        filters &= Q(document__work_type_id=_as_id(work_type))
    if plant is not None:
        filters &= Q(document__plant_id=_as_id(plant))
    if start is not None:
        filters &= Q(document__dated__gte=start)
    if end is not None:
        filters &= Q(document__dated__lte=end)
    for kind, pk in exclude:
        filters &= ~Q(document__kind=kind, document__object_id=pk)
    idf_of_term = Case(
        *[When(term=term, then=Value(value)) for term, value in sorted(scored.items())],
        default=Value(0.0),
        output_field=FloatField(),
    )
    # The score is rounded before it is ordered by: the last bits of a float sum depend
    # on the order the database adds the rows up in, so two documents of the same score
    # could otherwise swap places between SQLite and PostgreSQL instead of falling to
    # the date and the id.
    rows = list(
        SearchTerm.objects.filter(filters)
        .values("document")
        .annotate(
            score=Round(Sum(F("weight") * idf_of_term), SCORE_DIGITS),
            day=Max("document__dated"),
        )
        .order_by("-score", F("day").desc(nulls_last=True), "-document")
        .values_list("document", "score")[:limit]
    )
    # PostgreSQL rounds a numeric and answers a Decimal; the same float on both.
    return _hits([(document, float(score)) for document, score in rows], tuple(scored))


def _hits(rows, terms):
    from gexin.org.models import Unit

    columns = ("pk", "kind", "object_id", "title", "unit_id", "plant_id", "dated")
    documents = {
        values[0]: values
        for values in SearchDocument.objects.filter(
            pk__in=[document_id for document_id, _score in rows]
        ).values_list(*columns)
    }
    units = Unit.objects.in_bulk(
        {unit for values in documents.values() for unit in (values[4], values[5])}
    )
    objects = _ObjectsOfHits(units)
    for document_id, score in rows:
        if document_id not in documents:  # removed meanwhile
            continue
        _pk, kind, object_id, title, unit_id, plant_id, dated = documents[document_id]
        objects.hits.append(
            Hit(
                kind,
                object_id,
                score,
                title,
                units[unit_id],
                units[plant_id],
                dated,
                terms,
                objects,
            )
        )
    return objects.hits


def similar_experiences(user, text, *, limit=5, exclude=None):
    """The experiences of any plant most like `text` (a problem's or key issue's words).

    `exclude`: an experience, or experience ids, to leave out (the one being read)."""
    if exclude is None:
        excluded = ()
    elif isinstance(exclude, Experience):
        excluded = (exclude.pk,)
    elif isinstance(exclude, int):
        excluded = (exclude,)
    else:
        excluded = tuple(_as_id(item) for item in exclude)
    hits = search(
        user,
        text,
        kinds=[DocumentKind.EXPERIENCE],
        limit=limit,
        exclude=[(DocumentKind.EXPERIENCE, pk) for pk in excluded],
    )
    # A suggestion far weaker than the best shares a common word only (时间, time).
    return [hit for hit in hits if hit.score >= SIMILAR_SHARE * hits[0].score]
