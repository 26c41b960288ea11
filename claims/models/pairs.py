"""Statement and target read as a pair: what the statement changed in the target.

A contradiction in a headline pair (ANS is built of them) is usually a small
edit: a word replaced by its opposite, a negation added, a number or a date
changed, a name swapped. The word sequences of both sides are aligned
(``difflib``) and each edit becomes a tag: ``rep:a>b`` (replaced),
``ins:w``/``del:w`` (added, removed), plus ``antonym`` when a replaced or added
word is the opposite of one on the other side (a small Arabic and English
lexicon), and mismatch flags for negation, numbers, years and months, and the
count of content words swapped one for one (names, places: the texts arrive
case-folded, so a name is not told from another word). Stateless: both
functions run inside a ``FunctionTransformer`` over the ``statement`` and
``target`` columns of ``pair_frame``.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from claims.text import normalize

# Opposite pairs, one pair a line; either side may be a phrase's head word.
_ANTONYMS = """
increase decrease|rise fall|rises falls|rose fell|up down|higher lower|more less|win lose|won lost
accept reject|accepts rejects|accepted rejected|agree refuse|agreed refused|allow ban|allowed banned
open close|opened closed|support oppose|supports opposes|true false|alive dead|arrested released
start end|begin end|success failure|succeeded failed|peace war|confirm deny|confirms denies
confirmed denied|approve reject|approved rejected|lift impose|lifted imposed|first last|before after
ارتفاع انخفاض|ارتفع انخفض|يرتفع ينخفض|زياده نقص|زياده تراجع|يزيد ينقص|فوز خساره|فاز خسر|يفوز يخسر
قبول رفض|قبل رفض|يقبل يرفض|وافق رفض|يوافق يرفض|موافقه رفض|فتح اغلاق|فتح اغلق|يفتح يغلق|يسمح يمنع
سمح منع|دعم معارضه|يدعم يعارض|يؤيد يعارض|ايد عارض|صحيح خاطئ|حي ميت|اعتقال اطلاق|اعتقل اطلق
بدايه نهايه|بدء انتهاء|اكبر اصغر|اعلي ادني|اكثر اقل|نجح فشل|نجاح فشل|سلام حرب|السلام الحرب|يرحب يدين
رحب ادان|ايجابي سلبي|قوي ضعيف|اكد نفي|يؤكد ينفي|تؤكد تنفي|اكدت نفت|رفع خفض|يرفع يخفض|رفعت فرضت
الغاء فرض|الغي فرض|اول اخر|قبل بعد|دخول خروج|انسحاب دخول|تقدم تراجع|مؤيد معارض|مع ضد
"""
_NEGATIONS = set(
    normalize("""
not no never none nor neither without cannot n't deny denies denied dismiss dismissed
لا لم لن ليس ليست لست ما غير عدم دون بدون نفي ينفي تنفي نفت نفى ينفى
""").split()
)
# Words that make a target argue against something ("ban boxing", "should not subsidise"):
# the same statement words then weigh the other way (``signed_words``).
_AGAINST = set(
    normalize("""
not no never without ban bans banned banning forbid forbids forbidding forbidden prohibit
prohibits prohibited prohibiting restrict restricts restricting abolish abolishes abolishing
criminalize criminalise criminalizing criminal disband harmful reject oppose deny end stop
reduce decrease
لا لم لن ليس ضد منع يمنع حظر يحظر رفض يرفض الغاء الغي وقف انهاء تقليص خفض
""").split()
)
_MONTHS = set(
    normalize("""
january february march april may june july august september october november december
يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر
كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين
""").split()
)
_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER = re.compile(r"\d")
FLAG_NAMES = (
    "antonym",
    "negation_mismatch",
    "numbers_changed",
    "years_changed",
    "months_changed",
    "content_swaps",
    "edits",
    "replaced_share",
)


def _antonym_index() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for pair in _ANTONYMS.replace("\n", "|").split("|"):
        words = normalize(pair).split()
        if len(words) == 2:
            a, b = words
            index.setdefault(a, set()).add(b)
            index.setdefault(b, set()).add(a)
    return index


ANTONYMS = _antonym_index()


def _stem(word: str) -> str:
    """A word without the Arabic article and a one-letter proclitic (و، ف، ب، ل، ك)."""
    if len(word) > 4 and word[0] in "وفبلك" and word[1:3] == "ال":
        word = word[1:]
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _opposite(a: str, b: str) -> bool:
    return b in ANTONYMS.get(a, ()) or _stem(b) in ANTONYMS.get(_stem(a), ())


@lru_cache(maxsize=50_000)
def _align(statement: str, target: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    s_words, t_words = _WORD.findall(statement), _WORD.findall(target)
    s_keys, t_keys = [_stem(w) for w in s_words], [_stem(w) for w in t_words]
    tags, added, removed, swaps = [], [], [], 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, t_keys, s_keys, autojunk=False).get_opcodes():
        old, new = t_keys[i1:i2], s_keys[j1:j2]
        if op == "replace":
            tags += [f"rep:{a}>{b}" for a, b in zip(old[:3], new[:3])]
            swaps += sum(
                len(a) > 3 and len(b) > 3 and not _opposite(a, b) for a, b in zip(old, new)
            )
        tags += [f"del:{w}" for w in old if op in ("replace", "delete")]
        tags += [f"ins:{w}" for w in new if op in ("replace", "insert")]
        removed += old if op != "equal" else []
        added += new if op != "equal" else []
    antonym = any(_opposite(a, b) for a in added for b in set(t_keys)) or any(
        _opposite(a, b) for a in removed for b in set(s_keys)
    )
    s_set, t_set = set(s_words), set(t_words)
    negation = (
        sum(w in _NEGATIONS for w in s_words) % 2 != sum(w in _NEGATIONS for w in t_words) % 2
    )
    numbers = {w for w in s_set if _NUMBER.search(w)} != {w for w in t_set if _NUMBER.search(w)}
    years = {w for w in s_set if _YEAR.match(w)} != {w for w in t_set if _YEAR.match(w)}
    months = (s_set & _MONTHS) != (t_set & _MONTHS)
    edits = len(added) + len(removed)
    flags = (
        float(antonym),
        float(negation),
        float(numbers),
        float(years),
        float(months),
        float(np.log1p(swaps)),
        float(np.log1p(edits)),
        len(removed) / max(len(t_keys), 1),
    )
    if antonym:
        tags.append("antonym")
    if negation:
        tags.append("negation_mismatch")
    return tuple(tags), flags


def _sides(rows) -> list[tuple[str, str]]:
    values = np.asarray(rows, dtype=object).reshape(-1, 2)
    return [(str(statement), str(target)) for statement, target in values]


def alignment_tags(rows) -> list[str]:
    """For each row (normalised statement and target), its edit tags as one string."""
    return [" ".join(_align(text, target)[0]) for text, target in _sides(rows)]


def alignment_flags(rows) -> np.ndarray:
    """For each row, the mismatch flags named in ``FLAG_NAMES`` (all in [0, ~3])."""
    sides = _sides(rows)
    return np.asarray([_align(text, target)[1] for text, target in sides], dtype=float).reshape(
        len(sides), len(FLAG_NAMES)
    )


_WORDS = HashingVectorizer(token_pattern=r"(?u)\b\w+\b", n_features=2**18, lowercase=False,
                           alternate_sign=False, binary=True, norm="l2")


def target_sign(target: str) -> float:
    """-1 for a target that argues against something (a motion to ban, abolish, not do), else 1."""
    return -1.0 if any(word in _AGAINST for word in _WORD.findall(target)) else 1.0


def signed_words(rows) -> sp.csr_matrix:
    """The statement's words (hashed, binary, unit length) times the target's sign, so
    that words against a thing count for a motion to ban it: one weight per word serves
    motions of both directions, on topics never seen in training. Stateless."""
    sides = _sides(rows)
    signs = np.asarray([target_sign(target) for _, target in sides])
    words = _WORDS.transform([statement for statement, _ in sides])
    return sp.csr_matrix(sp.diags(signs) @ words)
