"""Which template a set of field names came from, and how sure we are.

Each field name is weighted like a search term, by how rare it is among the registry's
templates of the article's language (IDF: ``name`` is in almost every template and weighs
nearly nothing; ``casualties1`` is in one and weighs a lot; a name no template knows weighs
the most). Only that language's templates count, so adding templates of another Wikipedia
changes no weight, and no answer, in this one. A template's score is the
share of that weight it explains, so every field it does not know counts against it. Near
ties go to the more used template, then the alphabetically first, so the answer is stable.

Confidence is ``share² x strength x distinctness``: squaring the share makes a field set
that is half unknown names (an article in another language, a template missing from the
registry) fall well below the threshold; ``strength`` grows with the explained
weight (three generic fields are weak evidence however well they match). ``distinctness``
is the winner's share of the page uses of the templates that explain the fields about as
well (within :data:`_CLEAR_LEAD` of its share, counted less the further behind they are,
see :data:`_GAP`):
the usage counts are the prior of a choice the field names cannot make. It is 1 when no
other template comes close, 0.5 on an exact tie between two equally used templates, near
1 when the tie is with a template used on a hundredth as many pages (the generated data
has families sharing one parameter set, ``Chemikalie`` and ``Vitamin``), and small when a
few generic names fit dozens of templates (a sparse box: the generic one is better).
Below :data:`THRESHOLD` the caller falls back to the generic box.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Sequence

from convert.infoboxes.patterns import normalise
from convert.infoboxes.registry import Registry
from convert.infoboxes.template import Template

THRESHOLD = 0.35
"""Confidence under which the generic ``Infobox`` is used instead of the best template."""

_STRENGTH_SCALE = 3.0  # explained weight at which strength reaches 1 - 1/e (~ one rare field)
_CLEAR_LEAD = 0.1  # lead in explained share at which a winner counts as fully distinct
_PRIOR = 0.01  # score bonus per factor of ten in template use; only breaks near ties
_GAP = 0.01  # a rival's uses count e^-(gap/_GAP): 0.01 of the share behind, a third of them
_RIVALS = 64  # near ties looked at (enough for the generic names' crowds)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One template's result for a field set."""

    template: Template
    share: float
    explained: float

    @property
    def score(self) -> float:
        """Ranking score: explained share plus a small popularity prior."""
        return self.share + _PRIOR * math.log10(self.template.uses + 1)


def weights(names: Sequence[str], registry: Registry, lang: str = "en") -> dict[str, float]:
    """IDF weight of each distinct normalised field name over the templates of ``lang``."""
    return {name: w for name, (w, _known) in _evidence(names, registry, lang).items()}


def _evidence(names: Sequence[str], registry: Registry,
              lang: str) -> dict[str, tuple[float, frozenset[int]]]:
    """Per distinct name: its IDF weight among the templates of ``lang`` and the indexes of
    those that know it."""
    out: dict[str, tuple[float, frozenset[int]]] = {}
    for name in names:
        if name and name not in out:
            found = registry.evidence(name, lang)
            if not found[1]:  # no template of the language knows it: an old spelling?
                other = registry.respelled(name)
                if other is not None and other not in out:
                    found = registry.evidence(other, lang)
            out[name] = found
    return out


def rank(field_names: Sequence[str], registry: Registry, lang: str = "en",
         limit: int | None = None) -> list[Candidate]:
    """Templates of language ``lang`` best first, scored against ``field_names``; with
    ``limit``, only that many of the best, all of which explain some of the fields."""
    evidence = _evidence([normalise(n) for n in field_names], registry, lang)
    total = sum(w for w, _known in evidence.values())
    explained: dict[int, float] = {}
    for w, known in evidence.values():
        for i in known:
            explained[i] = explained.get(i, 0.0) + w
    templates = registry.templates
    scored = []  # plain tuples: sorting them needs no Python-level key function
    for i in (explained if limit is not None else range(len(templates))):
        t_lang, key, popularity = registry.ranking(i)
        if t_lang == lang:
            share = explained.get(i, 0.0) / total if total else 0.0
            scored.append((-(share + _PRIOR * popularity), key, i, share))
    best = heapq.nsmallest(limit, scored) if limit is not None else sorted(scored)
    return [Candidate(templates[i], share, explained.get(i, 0.0)) for _s, _k, i, share in best]


def choose(
    field_names: Sequence[str], registry: Registry, lang: str = "en",
    threshold: float = THRESHOLD,
) -> tuple[Template | None, float]:
    """The best template and its confidence, or ``(None, confidence)`` below ``threshold``."""
    ranked = rank(field_names, registry, lang, limit=_RIVALS)
    if not ranked or ranked[0].explained <= 0:
        return None, 0.0
    best = ranked[0]
    strength = 1.0 - math.exp(-best.explained / _STRENGTH_SCALE)
    own = best.template.uses + 1
    rivals = sum((c.template.uses + 1) * math.exp(-(best.share - c.share) / _GAP)
                 for c in ranked[1:] if best.share - c.share < _CLEAR_LEAD)
    distinctness = own / (own + rivals)
    confidence = round(max(0.0, min(1.0, best.share ** 2 * strength * distinctness)), 4)
    if confidence < threshold:
        return None, confidence
    return best.template, confidence

