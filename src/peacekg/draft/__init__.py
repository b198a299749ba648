"""Draft assistant: propose a facts file for a news report, for an analyst to review.

``peacekg draft ARTICLE.txt [-o FILE]`` writes the draft; ``make eval-draft`` scores drafts of
the evaluation articles against their hand-written facts (``bench/results/eval-draft.md``).

Rule-based and deterministic, with nothing downloaded: known actors, places, issues and
concepts come from ``data/`` (and from the facts files of earlier reports); the cue lexicons
for dates, attribution, stances and events are general English, written for any peace process.
Every proposed fact quotes the sentence it came from and says, in a ``# draft:`` comment,
which cue fired and how far the rule is to be trusted.

The modules, in the order the pipeline (:mod:`.pipeline`) runs them on each sentence:

- :mod:`.sentences`: sentences and clauses with their offsets;
- :mod:`.gazetteer`: known entities by label and alias, tolerant of spelling and inflection;
- :mod:`.entities`: new parties, places and outlets typed by the words around them;
- :mod:`.persons`: new persons with their title, role and organisation;
- :mod:`.dates`: dates (absolute, relative), times with their zone, durations;
- :mod:`.attribution`: who says so, as an attribution chain;
- :mod:`.issues` and :mod:`.stances`: stance cues → holder, issue, value, condition;
- :mod:`.events`: talks, rounds, meetings, calls, exchanges with status, time and place;
- :mod:`.writer`: the YAML; :mod:`.evaluate`: precision and recall against gold facts.

    >>> from peacekg.draft.sentences import split_sentences
    >>> [s.text for s in split_sentences("Talks were held. The sides met at 7 p.m. in Doha.")]
    ['Talks were held.', 'The sides met at 7 p.m. in Doha.']
"""
