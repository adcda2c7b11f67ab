"""Plan interchange: Microsoft Project XML, Primavera P6 (XER, P6 XML), Excel/CSV and iCalendar.

A pure package, like :mod:`pmo.engine`: no Django, no database. Readers turn a file into a
:class:`~pmo.interchange.document.PlanDocument` (the engine network plus what files carry beyond it:
notes, baselines 0-10, resources, assignments and the fields we do not model, kept verbatim);
writers turn a document back into a file. The Django side (``pmo.transfers``) maps documents to and
from the database.

Every reader is defensive: inputs are size-capped before parsing, XML is parsed with DTDs and
entities forbidden and counted element by element, archives are checked before they are opened
(:mod:`pmo.interchange.limits`), and every refusal is an :class:`~pmo.interchange.errors.ImportRefusedError`
naming the line or element and the problem.
"""
