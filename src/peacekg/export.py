"""Export the store as one RDF file.

Turtle, N-Triples and RDF/XML cannot name graphs, so they hold the union of all graphs (each
triple once). N-Quads and TriG keep one graph per article; so does JSON-LD, compacted with
peacekg's prefixes::

    >>> import io
    >>> from rdflib import Dataset
    >>> from peacekg.store import OxigraphStore
    >>> with OxigraphStore(prefixes=PREFIXES) as store:
    ...     store.load(Dataset().parse(data="<https://w3id.org/peacekg/id/x> a "
    ...         "<https://w3id.org/peacekg/ontology#Event> .", format="turtle"))
    ...     out = io.BytesIO()
    ...     export_store(store, RdfFormat.JSONLD, out)
    >>> print(out.getvalue().decode())
    {
      "@context": {
    ...
      "@id": "id:x",
      "@type": "pk:Event"
    }
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset

from peacekg.namespaces import PREFIXES
from peacekg.store import RdfFormat, Store


def export_store(store: Store, fmt: RdfFormat, destination: BinaryIO) -> None:
    """Write the whole store to ``destination`` in ``fmt``."""
    if fmt is not RdfFormat.JSONLD:
        store.dump(fmt, destination)
        return
    quads = io.BytesIO()
    store.dump(RdfFormat.NQUADS, quads)
    dataset = Dataset()
    dataset.parse(data=quads.getvalue(), format="nquads")
    destination.write(
        dataset.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True).encode()
    )


def export_to_file(store: Store, fmt: RdfFormat, path: Path) -> None:
    """Write the store to ``path``; the file appears only once it is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            export_store(store, fmt, out)
        os.chmod(temporary, 0o644)  # mkstemp makes files only their owner can read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
