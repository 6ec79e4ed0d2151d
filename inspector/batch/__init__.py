"""Batch analysis: many messages from files, folders, mbox files and Maildir folders, in a process pool.

``readers`` turns paths into messages (with where each came from), ``mbox`` streams an mbox, ``unwrap``
finds the original inside a "report phishing" forward, ``run`` analyses them in a pool in input order,
``summary`` and ``campaigns`` read the triage row and the campaign indicators from each report, and
``command`` is ``inspector analyze PATH… --jsonl | --csv``. Nothing is re-exported here: importing the
package must stay cheap for the command-line parser (``options``).
"""
