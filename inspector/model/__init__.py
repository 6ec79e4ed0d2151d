"""The report's data model: immutable dataclasses and enums, the bottom floor of the engine.

Every stage (ingest aside) builds these shapes and every view (GUI, CLI text, JSON, HTML) reads them;
nothing here imports a stage, a renderer or Qt, so data flows one way: stages → model → views.
Modules: :mod:`.report` (the Report and its sections' common types), :mod:`.auth`, :mod:`.chain`,
:mod:`.lookalike` (each stage's own shapes), :mod:`.vocabulary` (the closed vocabularies as StrEnums: job
state, severity, …).
"""
