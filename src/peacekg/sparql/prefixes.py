"""Which prefixes a SPARQL query uses without declaring them, for error messages that name them.

A query may use the prefixes the server knows (``peacekg.namespaces.PREFIXES``) without a
``PREFIX`` line; any other prefix must be declared. The parser's own words for an undeclared
prefix point at the next token ("expected OPTIONAL"), so the service names the prefix itself.

>>> undefined_prefixes("SELECT * WHERE { ?s foo:bar ?o . ?s pk:x ex:y }", {"pk": "..."})
['foo', 'ex']
>>> undefined_prefixes('PREFIX ex: <http://e/> SELECT * { ?s ex:p "a:b" ; <http://x/y:z> _:b }')
[]
>>> undefined_prefixes("SELECT * { ?s :p ?o }  # bad:prefix in a comment")
['']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# What cannot hold a prefixed name: IRIs, strings (long ones first), comments.
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_PN_PREFIX = r"(?:[A-Za-z\u00C0-\uFFFF](?:[\w.\-\u00B7\u00C0-\uFFFF]*[\w\-\u00B7\u00C0-\uFFFF])?)?"
_DECLARED = re.compile(rf"\bPREFIX\s+({_PN_PREFIX}):", re.IGNORECASE)
_USED = re.compile(rf"(?<![\w?$:.\-\u00B7\u00C0-\uFFFF])({_PN_PREFIX}):")


def undefined_prefixes(query: str, known: Iterable[str] = ()) -> list[str]:
    """The prefixes ``query`` uses that it does not declare and that are not ``known``, in the
    order they first appear (``""`` for the empty prefix of ``:name``)."""
    text = _SKIPPED.sub(" ", query)
    declared = set(_DECLARED.findall(text)) | set(known)
    text = _DECLARED.sub(" ", text)
    found: dict[str, None] = {}
    for prefix in _USED.findall(text):
        if prefix != "_" and prefix not in declared:
            found.setdefault(prefix, None)
    return list(found)


def undefined_prefix_message(prefixes: list[str], known: Iterable[str]) -> str:
    """What is wrong, naming the undeclared prefixes and the ones the server knows.

    >>> print(undefined_prefix_message(["foo"], ["pk", "id"]))
    the prefix 'foo:' is not defined: declare it (PREFIX foo: <...>) or use one this server \
knows without a declaration: pk:, id:.
    """
    names = ", ".join(f"'{prefix}:'" for prefix in prefixes)
    what = f"the prefix {names} is" if len(prefixes) == 1 else f"the prefixes {names} are"
    it = "it" if len(prefixes) == 1 else "them"
    offered = ", ".join(f"{prefix}:" for prefix in known)
    return (
        f"{what} not defined: declare {it} (PREFIX {prefixes[0]}: <...>) or use one this "
        f"server knows without a declaration: {offered}."
    )
