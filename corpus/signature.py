"""Signatures: one line saying what produced an output, so that its numbers can be reproduced.

Every output that carries scores or derived data carries one (the aligner's beads and pairs,
the garble checker's suggestions, exports, glossary files): the tool and its version, the
models and their versions, the parameters that change a result. A :class:`Signature` is
built part by part — ``name version``, ``key=value``, a nested signature as ``key=[...]``,
or a part already rendered — and rendered by ``str()`` with its separator. The separators
and joiners in use (``" "`` and ``=`` for the aligner, ``" | "`` and ``": "`` for exports,
``"|"`` for the glossary) are part of each output's format: files and databases written
earlier hold them, so they do not change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


def package_version(distribution: str, missing: str = "unknown") -> str:
    """The installed version of ``distribution``, or ``missing`` when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return missing


@dataclass(frozen=True)
class Signature:
    """The parts of a signature, in order; ``str()`` joins them with ``sep``."""

    sep: str = " "
    """Between parts."""
    joiner: str = "="
    """Between the key and the value of a :meth:`param`, unless it says otherwise."""
    parts: tuple[str, ...] = ()

    def part(self, *texts: object) -> Signature:
        """Parts already rendered (another signature, a fixed phrase)."""
        return replace(self, parts=self.parts + tuple(str(text) for text in texts))

    def tool(self, name: str, version: object | None = None) -> Signature:
        """``name version`` (just ``name`` without a version)."""
        return self.part(name if version is None else f"{name} {version}")

    def param(self, key: str, value: object, joiner: str | None = None) -> Signature:
        """``key=value`` (or with this signature's or the given joiner)."""
        return self.part(f"{key}{self.joiner if joiner is None else joiner}{value}")

    def nested(self, key: str, signature: object) -> Signature:
        """``key=[signature]``: another output's signature inside this one."""
        return self.param(key, f"[{signature}]")

    def __str__(self) -> str:
        return self.sep.join(self.parts)
