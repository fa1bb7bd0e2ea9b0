"""Text normalisation and tokenising shared by the segmenter and the matcher.

Normalisation keeps string length, so an offset in the normalised text is
the same offset in the original: evidence quotes and line numbers come from
the text as the user gave it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, compress
from operator import add

from rapidfuzz.utils import default_process

# Latin letters that look like Cyrillic ones; real texts mix them ("Cтатья").
_LATIN_TO_CYRILLIC = str.maketrans("aceopxykmtbh", "асеорхукмтвн")
_CHARS = str.maketrans({
    "ё": "е", "Ё": "Е", "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00ad": "-",
    "\u0301": " ",
})
WORD = re.compile(r"\w+")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[a-z]")
_MIXED = re.compile(r"[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z]")


_FOLDED = {chr(k): v for k, v in _CHARS.items()}
_FOLD = re.compile("[" + "".join(map(re.escape, _FOLDED)) + "]")


def _fold(m: re.Match[str]) -> str:
    return _FOLDED[m.group()]


def normalize(text: str) -> str:
    """Lower-case, fold ё→е, quotes, dashes and spaces; same length as ``text``."""
    if text.isascii():  # O(1), and nothing to fold: every folded character is beyond ASCII
        return text.lower()
    # Like text.translate(_CHARS), 4x faster: few characters need folding, and a regex finds them at C speed.
    out = _FOLD.sub(_fold, text).lower()
    if len(out) != len(text):
        out = "".join((c.translate(_CHARS).lower() or " ")[0] for c in text)
    return out


def fix_script(word: str) -> str:
    """Read Latin look-alikes inside a Cyrillic word as Cyrillic."""
    if word.isascii() or _LAT.search(word) is None:  # cheap tests first: nearly every word is in one script
        return word
    return word.translate(_LATIN_TO_CYRILLIC) if _CYR.search(word) else word


def fix_scripts(text: str) -> str:
    """:func:`fix_script` on every word of normalised ``text``; text without both scripts is returned as it is."""
    if text.isascii() or _LAT.search(text) is None or _CYR.search(text) is None:
        return text
    return WORD.sub(lambda m: fix_script(m.group()), text)


def _mixed(norm: str) -> bool:
    """Does normalised text join Latin and Cyrillic letters? Cheap tests first: most text is one script."""
    return not norm.isascii() and _LAT.search(norm) is not None and _MIXED.search(norm) is not None


def words(text: str) -> Iterator[tuple[str, int, int]]:
    """Normalised words with their character spans in ``text``."""
    norm = normalize(text)
    mixed = _mixed(norm)
    for m in WORD.finditer(norm):
        yield (fix_script(m.group()) if mixed else m.group()), m.start(), m.end()


# Characters whose lower case rapidfuzz's ``default_process`` may class otherwise than ``\w`` does: the
# underscore and letters of scripts added to Unicode lately (its tables are older than Python's). Only
# these ranges can hold such characters (a test checks every character outside them).
_RARE = "_\u0870-\u1fff\u2c00-\U0010ffff"
_RARE_CHAR = re.compile(f"[{_RARE}]")
_FOLD_OR_RARE = re.compile("[" + "".join(map(re.escape, _FOLDED)) + _RARE + "]")


def _fold_or_keep(m: re.Match[str]) -> str:
    c = m.group()
    return _FOLDED.get(c, c)


def _prepared(text: str) -> tuple[str, bool]:
    """(normalised ``text``, whether rapidfuzz's ``default_process`` splits it into the very words of ``WORD``).

    Why: that C++ function (non-word characters to spaces, one for one) and ``str.split`` find words
    several times faster than the regex. Text with a :data:`_RARE` character, which it may class
    otherwise, is left to the regex; the scan that folds characters finds them at no extra cost.
    """
    if text.isascii():  # no folding, no mixed scripts; the underscore is the one rare ASCII character
        norm = text.lower()
        return norm, "_" not in norm
    folded, count = _FOLD_OR_RARE.subn(_fold_or_keep, text)
    norm = folded.lower()
    if len(norm) != len(text) or (count and _RARE_CHAR.search(text)):
        return normalize(text), False
    return norm, True


def word_list(text: str) -> list[str]:
    """The words :func:`words` yields, without spans."""
    norm, fast = _prepared(text)
    found = default_process(norm).split() if fast else WORD.findall(norm)
    if _mixed(norm):
        found = [fix_script(w) for w in found]
    return found


def spans(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the words of ``text``; computed only where evidence is quoted.

    Where ``default_process`` keeps every offset (see :func:`_prepared`), the words are the runs
    between single spaces of its output, so their offsets are sums of lengths, taken at C speed:
    about a quarter faster than a regex match object per word.
    """
    norm, fast = _prepared(text)
    if not fast:
        found = list(map(re.Match.span, WORD.finditer(norm)))
        return [a for a, _b in found], [b for _a, b in found]
    first = WORD.search(norm)
    if first is None:
        return [], []
    lengths = list(map(len, default_process(norm).split(" ")))  # 0 between two adjacent non-word characters
    starts = list(compress(accumulate(map((1).__add__, lengths), initial=first.start()), lengths))
    return starts, list(map(add, starts, filter(None, lengths)))


def is_cyrillic(word: str) -> bool:
    return bool(_CYR.search(word))


@lru_cache(maxsize=4)
def _stemmer(language: str):  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer(language)


_stem_cache: dict[str, str] = {}


def _ru(word: str) -> str:
    """Snowball misses the instrumental plural in «-ьми» (детьми → детьм, not дет): read it as «-и»."""
    return word[:-3] + "и" if word.endswith("ьми") else word


def stem(word: str) -> str:
    """Snowball stem of a normalised word (Russian for Cyrillic, English otherwise)."""
    got = _stem_cache.get(word)
    if got is None:
        if word.isdigit():
            got = word
        else:
            got = _stemmer("russian").stemWord(_ru(word)) if is_cyrillic(word) else _stemmer("english").stemWord(word)
        if len(_stem_cache) < 2_000_000:
            _stem_cache[word] = got
    return got


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # never let a statute drive the terminal


def one_line(text: str, limit: int = 400) -> str:
    """Collapse white space for quoting; cut long text at a word boundary."""
    flat = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + " …"
