"""Bundled glossary data: the garment/textile starter glossary and the script that writes it."""
