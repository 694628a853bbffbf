"""Garble detection in machine-translated English: systematic substitutions learned from the
corpus, str.title() damage, mojibake and spacing. Every finding is a ``Finding``."""

from glossary.garble.checker import CheckResult, check_documents, checker_signature
from glossary.garble.rules import GarbleRule, Repair, learn_rules

__all__ = ["CheckResult", "GarbleRule", "Repair", "check_documents", "checker_signature",
           "learn_rules"]
