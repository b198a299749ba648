"""peacekg: a knowledge graph of peace negotiations built from news reports."""

__version__ = "0.1.0"
