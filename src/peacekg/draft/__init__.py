"""Draft assistant: propose a facts file for a news report, for an analyst to review.

Rule-based and deterministic: known actors, places, issues and concepts come from ``data/``
(and from earlier facts files); cue lexicons for dates, attribution and stances are general
English, written for any peace process. Every proposed fact quotes the sentence it came from.

    >>> from peacekg.draft.sentences import split_sentences
    >>> [s.text for s in split_sentences("Talks were held. The sides met at 7 p.m. in Doha.")]
    ['Talks were held.', 'The sides met at 7 p.m. in Doha.']
"""
