"""NMS Handbook: the clinical data module and the pure functions that evaluate and render it.

Nothing here imports MkDocs: every function can be called from pytest or another tool.
"""
