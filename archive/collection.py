"""Garble rules learned over a collection, for ``--collection-rules``.

A systematic garble (one machine-translation system's ``trans`` -> ``p``) shows in a whole
collection more clearly than in one article: a rule too weak to learn from one document
may be proven by its neighbours. The rules of a collection (the manifest's
``collection=NAME``; the whole archive otherwise) are learned once, before the run, from
its first ``COLLECTION_SAMPLE`` documents in run order, so memory stays bounded and the
rules, hence the output, are the same on every run and engine. Workers apply them on top of
the rules each document proves on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from archive.inputs import DocumentJob
from corpus.errors import BitextualError

if TYPE_CHECKING:
    from glossary.garble import GarbleRule

COLLECTION_SAMPLE = 200
"""Documents read per collection to learn its rules."""


def learn_collection_rules(jobs: Sequence[DocumentJob],
                           progress: Callable[[int, int], None] | None = None
                           ) -> dict[str, tuple[GarbleRule, ...]]:
    """Collection name -> rules learned from the English of its sample documents."""
    from archive.work import article_sentences
    from glossary.garble import learn_rules
    from glossary.garble.lexicon import english_lexicon

    samples: dict[str, list[DocumentJob]] = {}
    for job in jobs:
        if job.skip_reason is None:
            sample = samples.setdefault(job.collection, [])
            if len(sample) < COLLECTION_SAMPLE:
                sample.append(job)
    total = sum(len(s) for s in samples.values())
    read = 0
    lexicon = english_lexicon()
    rules: dict[str, tuple[GarbleRule, ...]] = {}
    for name, sample in samples.items():
        documents: dict[str, list[str]] = {}
        for job in sample:
            assert job.en_path is not None
            try:
                sentences, _ = article_sentences(job.en_path, f"{job.doc_id}#en", "English",
                                                 job.doc_id)
                documents[job.doc_id] = [s.text for s in sentences]
            except BitextualError:
                pass   # the run reports this document's failure
            read += 1
            if progress is not None:
                progress(read, total)
        rules[name] = tuple(learn_rules(documents, lexicon))
    return rules
