"""Archive scale: align, check and repair many document pairs, on this machine or on Ray.

The layer above ``aligner`` and ``glossary`` (it uses both) and below ``tui``:
:mod:`archive.inputs` (the document pairs), :mod:`archive.work` (one document, on any
worker), :mod:`archive.engines` and :mod:`archive.ray_engine` (who runs the workers),
:mod:`archive.shards` (the output files) and :mod:`archive.run` (the driver).
"""
