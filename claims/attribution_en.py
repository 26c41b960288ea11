"""The English speaker rules: the noun phrase that voices a reporting cue
("Ryabkov said", "said a spokesman, …", "X, a spokesman for Y, said",
"according to X", "he said", "who said").

``english`` is called by ``claims.attribution`` with a statement's units and the
cue's token span; it returns a ``Found`` (token indexes) or None.
"""
from __future__ import annotations

from claims.attribution_units import MAX_NP, OPENERS, STRAIGHT, Found, Tok, norms

_EN_DAYS = norms("monday tuesday wednesday thursday friday saturday sunday today yesterday "
                 "tonight")
_EN_PERIODS = norms("week month year night morning afternoon evening weekend")
_EN_AUX = norms("has have had also later then previously repeatedly once recently would will "
                "could might may can should must did does do again earlier even ever never now "
                "already still too just first further soon often all not n't always long twice "
                "only both")
_EN_STOP = norms("that and but because as when while if though although after before since so "
                 "where whether or than until unless what how why said says say told added to by "
                 "into who whom whose which is are was were be been being has have had would could "
                 "should can will may might must do does did not - -- — – ; : ( ) [ ]")
_EN_DETERMINERS = norms("the a an no his her their its our my your this that these those any some "
                        "every each")
_EN_PREPOSITIONS = norms("in on at for from with of during after before about over under")
_EN_LEADING = _EN_DAYS | norms("meanwhile now still however yet instead also then earlier later "
                               "even last this next week weekend")
_EN_PRONOUNS = norms("he she they it we i you")
_EN_BE = norms("is was are were has had have")  # "Fiorina was upfront about …, saying": a subject
_EN_RELATIVES = norms("who which")
_EN_LEADING_PARTICIPLES = norms("following including regarding concerning considering")
_EN_INVERTED = norms("said says say added asked wrote writes continued explained noted recalled "
                     "replied responded tweeted insisted argued warned declared stated concluded "
                     "acknowledged")
# preferred where a sentence has several cues
EN_CORE = norms("said says say told tells added adds according")
# Cues that may voice a second speaker in a statement: speech acts. A belief, a wish or an
# act there ("he thinks", "voters want", "whom he called") is mostly not a Source in
# PolNeAR (train: 0.47 of all second attributions right; 0.78 of these).
EN_SECOND = EN_CORE - norms("told tells") | norms(
    "reported wrote writes claimed argued noted described accused urged endorsed denied "
    "warned acknowledged replied tweeted stated praised suggested announced cited declined "
    "insisted explained recalled conceded testified declared criticized")
EN_BELIEFS = norms("believe believes believed think thinks hope hopes hoped expect expects")
_EN_WISHES = norms("want wants wanted")
_EN_BE_FORMS = norms("is are was were been be 's ’s")
_EN_RIGHT_STOP = _EN_DAYS | norms("in on at during after before while when as to told that this "
                                  "last earlier later")
_EN_PARTICIPLES = norms("adding saying noting arguing telling calling explaining suggesting "
                        "warning insisting according")
# also nouns or participles: "America's best hope", "credit reports"
_EN_NOUN_LIKE = norms("hope hopes reports report note notes claims promises demands want call "
                      "calls warning fears support")
_EN_QUOTE_ENDS = {"”", "’", "'", '"', "''"}
_MAX_APPOSITION = 40
_DASHES = {"—", "--", "–"}


def english(toks: list[Tok], first: int, end: int, broad: bool = False) -> Found | None:
    """The speaker of the cue ``toks[first:end]``. ``broad`` (for a learned model, which
    weighs each candidate) also tries any participle after a comma, a form of "be"
    before the cue ("who is promoting") and the subject of a verb joined by "and"/"but"."""
    word = toks[first].norm
    if word == "according":
        phrase = _en_right(toks, end, clause=False)
        return Found(phrase, (first, end), "according-to") if phrase else None
    agent = _passive_agent(toks, first, end)
    if agent:  # "The meeting was first reported by Politico"
        return Found(agent, (first, end + 1), "after-cue")
    participle = word in _EN_PARTICIPLES or broad and word.endswith("ing")
    if participle and first > 1 and toks[first - 1].text == ",":
        return _main_clause(toks, first - 1, (first, end))  # "Podesta reiterated it, saying …"
    if word in _EN_PARTICIPLES and first > 2 and toks[first - 1].norm in ("by", "while") \
            and toks[first - 2].word:  # "Bolton distanced himself … by saying he would help"
        return _main_clause(toks, first - 1, (first, end))
    if participle and first > 2 and toks[first - 1].text in _EN_QUOTE_ENDS \
            and toks[first - 2].text == ",":  # "… defense of “New York values,” saying"
        return _main_clause(toks, first - 2, (first, end))
    if first > 0 and toks[first].text[:1].isupper() and word in EN_CORE | _EN_INVERTED:
        name = _headline_name(toks, first)  # "… Obama, Trevor Noah Says."
        return Found(name, (first, end), "subject") if name else None
    before = _adverbs_before(toks, first)  # "Trump is telling a town hall …": a verb
    progressive = before > 1 and (word in _EN_PARTICIPLES or word.endswith("ing")) \
        and toks[before - 1].norm in _EN_BE_FORMS
    if word in _EN_PARTICIPLES and not progressive or first == 0 and word == "asked" \
            or _not_a_verb(toks, first, end):
        return None
    cue_first = _adverbs_before(toks, first)  # "has also said" is the cue
    while (broad or progressive) and cue_first > 1 and toks[cue_first - 1].norm in _EN_BE_FORMS:
        cue_first = _adverbs_before(toks, cue_first - 1)
    subject_end = _adverbs_before(toks, _before_time(toks, cue_first))
    if subject_end > 0 and toks[subject_end - 1].norm in _EN_PRONOUNS:
        return Found((subject_end - 1, subject_end), (cue_first, end), "pronoun")
    if subject_end > 0 and toks[subject_end - 1].norm in _EN_RELATIVES:
        comma = subject_end >= 2 and toks[subject_end - 2].text == ","
        before = subject_end - 2 if comma else subject_end - 1
        antecedent = _relative_antecedent(toks, _en_left(toks, before))
        return Found((subject_end - 1, subject_end), (cue_first, end), "pronoun", antecedent)
    subject = _en_left(toks, subject_end)
    if subject and _verb_alone(toks, subject):  # "Trump has avoided | directly criticizing"
        return None
    if subject and (word not in _EN_NOUN_LIKE or toks[subject[1] - 1].text[:1].isupper()):
        return Found(subject, (cue_first, end), "subject")
    if word in _EN_INVERTED and _inverted(toks, first, end):
        if toks[end].norm in _EN_PRONOUNS:
            return Found((end, end + 1), (first, end), "pronoun")
        phrase = _en_right(toks, end, clause=True)
        return Found(phrase, (first, end), "after-cue") if phrase else None
    joined = toks[subject_end - 1].norm if subject_end > 1 else ""  # "CITIC runs … and says"
    if joined in ("and", "but") or joined == "to" and word in EN_CORE \
            and toks[0].norm not in ("it", "there"):  # "Clinton took to Twitter to say thanks"
        return _main_clause(toks, subject_end - 1, (cue_first, end))
    return None


def unsure(toks: list[Tok], found: Found) -> bool:
    """A belief or a hope ("think", "expect", ``EN_BELIEFS``) whose speaker is not a name or
    a noun phrase in capitals: mostly no Source in PolNeAR ("I think", "they hope"; PolNeAR
    train: believe/think right 0.65 over all, 0.89 with such a speaker; hope/expect 0.84).
    A wish ("want") is always unsure: 0.57 with hope/expect over all, 0.64 even so."""
    word = toks[found.cue[1] - 1].norm
    return word in _EN_WISHES or word in EN_BELIEFS and (
        found.how == "pronoun" or not toks[found.speaker[0]].text[:1].isupper())


def colon_quote(toks: list[Tok]) -> Found | None:
    """'Bush: "The mission is to destroy ISIS."': a name in capitals opening the statement,
    a colon, then a quotation (train: 16 of 16; without the quotation, headlines, 0.40)."""
    colon = next((i for i in range(1, min(6, len(toks) - 1)) if toks[i].text == ":"), None)
    if colon is None or not all(tok.word and tok.text[:1].isupper() for tok in toks[:colon]):
        return None
    if toks[colon + 1].text in OPENERS.keys() | STRAIGHT or _transcript(toks, colon):
        return Found((0, colon), (colon, colon + 1), "subject")
    return None


def _transcript(toks: list[Tok], colon: int) -> bool:
    """'TAPPER: Do you think he has campaigned as a healer?': a transcript's speaker, a name
    of at most three words in capitals, then a sentence in lower case, not a headline
    ("FIX IS IN: PBS Moderators Ignore …"; train: 13 of 14)."""
    after = [tok.text for tok in toks[colon + 2:] if tok.word and tok.text[:1].isalpha()]
    names = [tok.text.replace(".", "").replace("-", "") for tok in toks[:colon]]
    return colon <= 3 and all(name.isupper() and len(name) > 1 for name in names) \
        and len(after) >= 2 and sum(text[:1].islower() for text in after) * 2 > len(after)


def _main_clause(toks: list[Tok], before: int, cue: tuple[int, int]) -> Found | None:
    """The subject of the sentence's main clause before ``before``, for a participle or a
    verb joined by "and": after an opening adjunct ("On Thursday, he expanded …, warning";
    "Speaking in Salem, Trump went after Bush, calling him …"), a pronoun or a name."""
    begin, comma = 0, next((i for i in range(1, before) if toks[i].text == ","), 0)
    if comma and (toks[0].norm in _EN_PREPOSITIONS | _EN_LEADING or toks[0].norm.endswith("ing")
                  or _is_adverb(toks[0]) or toks[comma - 1].norm in _EN_LEADING | norms("ago")):
        begin = comma + 1  # "Hours later, Trump returned the compliment, telling …"
    if begin + 1 < before and toks[begin].norm in _EN_PRONOUNS - {"it", "you"} \
            and toks[begin + 1].text[:1].islower():
        return Found((begin, begin + 1), cue, "pronoun")
    subject = _en_sentence_subject(toks, before, begin)
    return Found(subject, cue, "main-clause") if subject else None


def _en_sentence_subject(toks: list[Tok], before: int, begin: int = 0) -> tuple[int, int] | None:
    """The name that opens the sentence from ``begin`` ("Democrat Hillary Clinton has taken …",
    "The Kremlin said …"): capitalised words, after a determiner, that a
    lower-case word follows before ``before``; None when the sentence opens otherwise."""
    first = begin + (begin < len(toks) and toks[begin].norm in _EN_DETERMINERS)
    last = first
    while last < before and toks[last].word and toks[last].text[:1].isupper() \
            and toks[last].norm not in _EN_STOP | _EN_LEADING | _EN_PREPOSITIONS:
        last += 1
    if last > first and toks[last].text == "," and last - first <= 5:
        # "Clinton, clearly frustrated, responded …, saying": past a parenthetical to the verb
        closing = next((i for i in range(last + 2, min(before, last + 12)) if toks[i].text == ","),
                       None)
        if closing and toks[closing + 1].word and toks[closing + 1].text[:1].islower() \
                and toks[closing + 1].norm not in _EN_STOP | _EN_RELATIVES \
                and toks[last + 1].norm not in _EN_RELATIVES:
            return begin, last
    if last == first or last >= before or last - first > 5 or not toks[last].word \
            or not toks[last].text[:1].islower() or toks[last].norm in _EN_STOP - _EN_AUX - _EN_BE:
        return None
    if toks[last].norm in _EN_PREPOSITIONS or toks[last - 1].norm.endswith(("'s", "’s")) \
            or toks[first].norm in _EN_INVERTED | {"asked"} or toks[first].norm.endswith("ing"):
        return None  # "One of the men", "Mr. Obama's eyes", "Asked about …, Huckabee"
    return begin, last


def _relative_antecedent(toks: list[Tok], phrase: tuple[int, int] | None
                         ) -> tuple[int, int] | None:
    """What "who"/"which" stands for: the noun phrase right before it, past a participle
    ("echoing | security experts who say", "Following | Wednesday's leak of the report,
    which concluded"; not a name: "Beijing officials, who said"); a preposition stays ("the
    ranking Democrat on the Senate Intelligence Committee, who said": the Democrat)."""
    if phrase is None:
        return None
    first, end = phrase
    leading = toks[first].text.islower() and toks[first].norm.endswith("ing") \
        or toks[first].norm in _EN_LEADING_PARTICIPLES
    return (first + 1, end) if end - first > 1 and leading else phrase


def _verb_alone(toks: list[Tok], phrase: tuple[int, int]) -> bool:
    """Whether a subject phrase is one lower-case past or present participle: a verb ("has
    avoided"), not a noun phrase."""
    first, end = phrase
    return end - first == 1 and toks[first].text.islower() \
        and toks[first].norm.endswith(("ed", "ing"))


def _is_adverb(tok: Tok) -> bool:
    return (tok.norm in _EN_AUX or tok.norm.endswith(("n't", "n’t"))
            or (tok.norm.endswith("ly") and tok.text.islower() and len(tok.norm) > 4))


def _en_left(toks: list[Tok], end: int) -> tuple[int, int] | None:
    """The English noun phrase ending just before token ``end``, as token indexes
    ``[first, end)``: back to a clause word or punctuation; an appositive chain
    ("X, a spokesman for Y, said") is taken in with its closing comma, a relative
    clause ("X, who …, said") is not."""
    if end >= 2 and toks[end - 1].text == ",":
        return _apposition(toks, end - 1)
    if end >= 3 and toks[end - 1].text == ")":
        opening = next((i for i in range(end - 2, max(-1, end - 8), -1)
                        if toks[i].text == "("), None)
        if opening:  # "Rep. Jim McDermott (D-Wash.) said": the name before the parenthesis, with it
            found = _en_left(toks, opening)
            return (found[0], end) if found else None
    if end >= 4 and toks[end - 1].text in _DASHES:
        opening = next((i for i in range(end - 2, max(0, end - _MAX_APPOSITION), -1)
                        if toks[i].text in _DASHES), None)
        if opening:  # "Jason Sims — a teacher from Mount Pleasant — says": the name, dashes too
            found = _en_left(toks, opening)
            return (found[0], end) if found else None
    first = end
    while first > 0 and toks[first - 1].word and toks[first - 1].norm not in _EN_STOP:
        first -= 1
    if 2 <= first < end and toks[first - 1].norm == "who" \
            and toks[first].text.islower() and toks[first - 2].norm not in _EN_STOP:
        head = _en_left(toks, first - 1)  # "officials who spoke with The Post said": all of it
        if head and toks[head[1] - 1].word and toks[head[0]].norm not in _EN_PREPOSITIONS:
            return head[0], end
    while first < end and (toks[first].norm in _EN_LEADING or toks[first].norm in _EN_PREPOSITIONS):
        first += 1
    if first == end or end - first > MAX_NP \
            or toks[end - 1].norm in _EN_DETERMINERS | _EN_PREPOSITIONS:
        return None
    return first, end


def _apposition(toks: list[Tok], comma: int) -> tuple[int, int] | None:
    """"Hope Hicks, a Trump spokeswoman, said": the head is the first comma-separated
    part of the stretch before ``comma``; it must be a short phrase in capitals."""
    begin = comma
    while begin > 0 and comma - begin < _MAX_APPOSITION and (
            toks[begin - 1].word or toks[begin - 1].text in ",()'’&-"
            or toks[begin - 1].text == "."):
        begin -= 1
    if begin > 0 and toks[begin - 1].text not in _EN_QUOTE_ENDS | {":", ";", "—", "--", "("}:
        while begin < comma and toks[begin].text != ",":
            begin += 1  # the stretch starts inside a clause: its first part is not the head
        begin += 1
    commas = [i for i in range(begin, comma) if toks[i].text == ","]
    if not commas:
        return None
    while len(commas) > 1 and toks[begin].norm in _EN_PREPOSITIONS:
        # "In October, Mrs. Clinton, the nominee, said": skip the opening adjunct
        begin = commas.pop(0) + 1
    head_end = commas[0]
    while begin < head_end and toks[begin].norm in _EN_LEADING | {"and", "but"}:
        begin += 1
    if begin == head_end and len(commas) > 1:  # "Still, Tad Devine, a senior adviser …, said"
        begin, head_end = head_end + 1, commas[1]
    head = toks[begin:head_end]
    if len(head) > 4 and head[-1].text == ")" and any(t.text == "(" for t in head[1:-1]):
        head = head[:max(i for i, t in enumerate(head) if t.text == "(")]  # "Cummings (D-Md.),"
    if not head or len(head) > 8 or not any(t.text[:1].isupper() for t in head) \
            or any(t.norm in _EN_STOP for t in head):
        name = toks[commas[-1] + 1:comma]  # "One of the authors of that report, Ari Fleischer,"
        if len(commas) == 1 and 0 < len(name) <= 4 and len(head) <= 12 \
                and all(t.word and t.text[:1].isupper() for t in name):
            return begin, comma + 1
        return None
    opening = toks[head_end + 1]
    if opening.norm in _EN_RELATIVES | _EN_PREPOSITIONS | norms("whose after while wearing") or (
            opening.text.islower() and opening.norm.endswith("ing")):
        return begin, head_end  # a relative clause or an adjunct, not an appositive: the head alone
    return begin, comma + 1


def _en_right(toks: list[Tok], begin: int, clause: bool) -> tuple[int, int] | None:
    """The English noun phrase starting at token ``begin``. With ``clause``
    (inverted "said X, the …"), up to a preposition before its first comma and
    then through appositives and relative clauses, until a participle, a quotation
    or the end; without (``according to X``), to the next punctuation."""
    last, seen_comma = begin, False
    while last < len(toks):
        tok = toks[last]
        if tok.text == "," and clause:
            following = toks[last + 1] if last + 1 < len(toks) else None
            if following is None or not following.word or following.norm in _EN_PARTICIPLES \
                    or following.norm in _EN_RIGHT_STOP or following.norm in ("who", "whose") \
                    or following.text.islower() and following.norm.endswith("ing"):
                break
            seen_comma = True
        elif not tok.word and tok.text not in ("'", "’", "&"):
            break
        elif clause and not seen_comma and last > begin and (
                tok.norm in _EN_RIGHT_STOP or tok.norm in _EN_STOP):
            break
        elif not clause and last > begin and tok.norm in ("that", "which", "who"):
            break
        last += 1
    return (begin, last) if last > begin else None


def _adverbs_before(toks: list[Tok], index: int) -> int:
    while index > 0 and _is_adverb(toks[index - 1]):
        index -= 1
    return index


def _before_time(toks: list[Tok], index: int) -> int:
    """Where the words before the cue start when a time phrase sits between subject
    and cue ("Trump on Tuesday said", "Cruz last week said"), else ``index``."""
    if index >= 2 and toks[index - 1].norm in _EN_DAYS and toks[index - 2].norm == "on":
        return index - 2
    if index >= 2 and toks[index - 1].norm in _EN_PERIODS \
            and toks[index - 2].norm in ("last", "this", "a"):
        return index - 2 - (index >= 3 and toks[index - 3].norm == "earlier")
    return index


def _not_a_verb(toks: list[Tok], first: int, end: int) -> bool:
    """A cue word in a headline in title case ("FDIC Accused Of …") or a passive
    participle ("a measure opposed by unions", "the bureau cited in the tweet")."""
    if first > 0 and toks[first].text[:1].isupper():
        return True
    return end < len(toks) and toks[end].norm in ("by", "in") and toks[first].norm.endswith("ed")


def _passive_agent(toks: list[Tok], first: int, end: int) -> tuple[int, int] | None:
    """The agent of a passive cue after a form of "be" ("was first reported by Politico",
    "is tweeted by several people"): the noun phrase after "by"."""
    if end + 1 >= len(toks) or toks[end].norm != "by" or not toks[end - 1].norm.endswith("ed"):
        return None
    before = _adverbs_before(toks, first)
    if before == 0 or toks[before - 1].norm not in _EN_BE_FORMS | {"being", "been"}:
        return None
    phrase = _en_right(toks, end + 1, clause=False)
    opening = toks[end + 1]
    if not phrase or opening.norm in _EN_AUX | _EN_LEADING or opening.norm.endswith("ing"):
        return None  # "confirmed by now", "added by threatening to …"
    last = next((i for i in range(phrase[0] + 1, phrase[1]) if toks[i].norm in _EN_AUX | {"as"}),
                phrase[1])
    return (phrase[0], last) if last - phrase[0] <= MAX_NP else None


def _headline_name(toks: list[Tok], first: int) -> tuple[int, int] | None:
    """The name before a cue in title case ("Hillary Clinton Says …", "…, Trevor Noah
    Says."): one to four words in capitals from the start of the statement or a
    punctuation mark (train: 18 of 20)."""
    begin = first
    while begin > 0 and first - begin < 5 and toks[begin - 1].word \
            and toks[begin - 1].text[:1].isupper() and toks[begin - 1].norm not in _EN_STOP:
        begin -= 1
    if begin == first or first - begin > 4 or begin > 0 and toks[begin - 1].word:
        return None
    return begin, first


def _inverted(toks: list[Tok], first: int, end: int) -> bool:
    """'"…," said Ryabkov' or '…, said a spokesman': the cue follows a quotation or
    a comma and a name, a pronoun or a determiner follows it."""
    if first == 0 or end >= len(toks) or not toks[end].word:
        return False
    before, following = toks[first - 1].text, toks[end]
    after_quote = before in _EN_QUOTE_ENDS or (
        before == "," and first >= 2 and toks[first - 2].text in _EN_QUOTE_ENDS)
    if after_quote:
        return following.text[:1].isupper() or following.norm in _EN_DETERMINERS | _EN_PRONOUNS \
            or following.norm not in _EN_STOP | _EN_PREPOSITIONS | _EN_RIGHT_STOP | _EN_AUX
    return before == "," and (following.text[:1].isupper() or following.norm in ("a", "an"))
