"""Glossary: the zh-en term base, terminology checks and garble repair."""
