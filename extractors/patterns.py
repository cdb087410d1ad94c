"""Named regex fragments, composed once at import into the scanning pattern.

Everything here matches *folded* text (see :mod:`extractors.fold`): simplified
script, ASCII digits and punctuation. Word lists come from the lexicon files;
the fragments only say how the pieces are arranged.
"""

from __future__ import annotations

import re

from .guards import char_class, compile_fast, guarded
from .guards import first_chars as guard_chars
from .lexicon import alternation, literal_led, read_lists, read_rows, read_words
from .numerals import APPROX, DIGITS, UNITS

__all__ = ["EACH", "EACH_WORD", "PER_LEFT", "QUALIFIERS", "QUOTE", "SCANNER", "TITLE", "UNIT_TABLE"]

# -- lexicon-derived word classes ------------------------------------------
CN = "".join(DIGITS)  # 零〇一二两三四五六七八九
CNU = "".join(UNITS)  # 十百千万亿
MULT_CHARS = "".join(ch for ch, v in UNITS.items() if v >= 10)

UNIT_TABLE: dict[str, tuple[str, ...]] = {row[0]: row[1:] for row in read_rows("units.tsv")}
QUALIFIERS: dict[str, tuple[str, str]] = {row[0]: (row[1], row[2]) for row in read_rows("qualifiers.tsv")}
PER_TABLE: dict[str, str] = {row[0]: row[1] for row in read_rows("per.tsv")}
PER_WORDS: dict[str, str] = {row[0]: row[1] for row in read_rows("per_words.tsv")}
PERCENT_WORDS: dict[str, str] = {row[0]: row[1] for row in read_rows("percent_words.tsv")}
PREFIX_UNITS: dict[str, str] = {row[0]: row[1] for row in read_rows("prefix_units.tsv")}


FRAGMENTS = read_lists("fragments.tsv")


def words(name: str) -> str:
    """The fragment ``name`` of fragments.tsv as a regex alternation."""
    return alternation(FRAGMENTS[name])


def chars(name: str) -> str:
    """The fragment ``name`` (single characters) for a character class."""
    return "".join(re.escape(w) for w in FRAGMENTS[name])


def _qual(where: str) -> str:
    return alternation(w for w, (pos, _) in QUALIFIERS.items() if pos == where)


# Not a unit where a measure word begins another word (所示, 条例), and an
# ASCII unit (m, kg) is never followed by another letter (5mg is not 5 m).
UNIT = rf"(?!{words('not_units')}){alternation(UNIT_TABLE)}(?:(?<=[A-Za-z²])(?![A-Za-z])|(?<![A-Za-z²]))"
# A multiplier character that starts a unit (千伏, 千克, 千瓦时) belongs to the unit.
_UNIT_AFTER_MULT = alternation(u for u in UNIT_TABLE if u[0] in MULT_CHARS)
MULT = rf"(?:(?!{_UNIT_AFTER_MULT})[{MULT_CHARS}])+"
PRE = _qual("before")
POST = _qual("after")
INFIX = _qual("inside")
PER_WORD = alternation(list(PER_TABLE) + list(UNIT_TABLE))

# -- numerals ----------------------------------------------------------------
# An Arabic number: not glued to letters, other digits or a dot before it,
# and not followed by a second decimal point (1.2.3 is no number).
NB = r"(?<![0-9A-Za-z_@])(?<![0-9A-Za-z][.·,/-])"
ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:[.·][0-9]+)?(?![.·]?[0-9])"
# A Chinese numeral starts with a digit or 十 (十二); 百/千/万 alone count only
# after an approximation word (近百名), handled in NUMBER.
CHINESE = rf"[{CN}十](?:(?!{_UNIT_AFTER_MULT})[{CN}{CNU}])*(?:点[{CN}]+[万亿]?)?"
# 2兆9,645亿, 1万3千, 3亿5000万: after a big multiplier, more digits with a multiplier of their own
_BIG = "".join(ch for ch, v in UNITS.items() if v >= 10_000)
ARABIC_GROUPS = rf"{ARABIC}(?:[{_BIG}]零?{ARABIC}(?=[{MULT_CHARS}]))*"
NUMBER_RAW = (
    rf"(?:{ARABIC_GROUPS}(?:[ \t]?(?:{INFIX}))?(?:[ \t]?{MULT})?(?:{INFIX})?"
    rf"|{CHINESE}(?:{INFIX})?(?:[万亿])?"
    rf"|(?<=[{chars('lone_multiplier_after')}])[百千万亿](?:{INFIX})?)"
    # 15k, in English notation, only right before a percent sign or point
    rf"(?:[kK](?=(?:{words('english_thousand_before')})|$))?"
)
NUMBER = NB + NUMBER_RAW

# -- dates -------------------------------------------------------------------
YEAR = r"(?:1[89]|20)[0-9]{2}"
YEAR_CN = rf"[一二][零〇九][{CN}]{{2}}"
YEAR_ANY = rf"(?:{NB}{YEAR}|{YEAR_CN}|{NB}[0-9]{{2,3}}(?=年(?:度|[0-9]{{1,2}}月))|[{CN}十]{{2,4}}(?=年度))"
MON = r"(?:1[0-2]|0?[1-9])(?![0-9])"
MON_CN = r"(?:十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
DAY_CN = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
CLOCK = r"(?:[ \t]*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)"
MON_TAIL = rf"(?:{words('month_tails')})"
YEAR_TAIL = rf"(?:{words('year_tails')})(?:{words('period_ends')})?"  # 2024年一季度末
MD = rf"(?:(?:{MON}|{MON_CN})月(?:(?:{DAY}|{DAY_CN})[日号]{CLOCK}?|{MON_TAIL})?)"
YMD = rf"(?:{YEAR_ANY}年(?:{MD}|{YEAR_TAIL})?)"
ISO = rf"(?:{NB}{YEAR}(?P<sep>[-/.]){MON}(?P=sep){DAY}(?:[ T]{CLOCK}|{CLOCK})?)"
RANGE_SEP = rf"(?:{words('range_separators')})"
YEAR_SPAN = (
    rf"(?:{NB}{YEAR}(?:/[0-9]{{2}}|(?:{RANGE_SEP})+{YEAR}|(?:{RANGE_SEP})+[0-9]{{2}}(?=年度))"
    rf"(?:{words('year_span_tails')})?|{YEAR_CN}(?:/|{RANGE_SEP})[{CN}]{{2}}年度)"
)
DATE_ONE = rf"(?:{YMD}|{MD}|{NB}{DAY}日(?!元))"
DATE = (
    rf"(?:{ISO}"
    rf"|{YEAR_SPAN}"
    rf"|{DATE_ONE}(?:{RANGE_SEP}(?:{DATE_ONE}|{NB}{DAY}日(?!元)))?"
    rf"|{NB}{MON}{RANGE_SEP}{MON}月{MON_TAIL}?"
    rf"|{YEAR_ANY}年(?:{MON}|{MON_CN})月{RANGE_SEP}(?:{MON}|{MON_CN})月"
    rf"|(?:{words('quarters')}|{words('yearless_parts')})(?:{words('period_ends')})?(?![{CN}])"
    rf"|[{CN}十](?:{words('years_since')})"
    # 过去一年, 近三年: a span of time that dates other figures, not a duration indicator
    rf"|(?:{words('recent_past')})(?:[{CN}十]{{1,2}}|[0-9]{{1,2}})(?:个)?年(?:{words('years_since')}|来)?"
    rf"|{NB}[0-9]{{1,2}}时(?:[0-9]{{1,2}}分)?(?![钟0-9])"
    # 21世纪, 两年前, 三个月前: a time, not a quantity
    rf"|{NB}(?:[0-9]{{1,2}}|[{CN}十]{{1,3}})世纪"
    rf"|(?:{NB}[0-9]{{1,3}}|[{CN}十]{{1,3}})(?:{words('ago_units')})前(?![{chars('ago_not_before')}])"
    rf"|(?<=\()(?:3[01]|[12][0-9]|0?[1-9])(?=\)日)"
    rf"|(?<={words('clock_after')})[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?![0-9])"
    r")"
)

# -- ordinals ----------------------------------------------------------------
ORD_NUM = rf"(?:[0-9]+|[{CN}{CNU}]+)"
MEETING = rf"(?:[{CN}十]+中(?:、[{CN}十]+中)*全会|[{CN}十]+次(?:{words('meeting_sessions')})|人大(?:常委会)?(?:第)?[{CN}十]+次(?:全体)?会议|人民代表大会(?:常务委员会)?(?:第[{CN}十]+次(?:全体)?会议)?|{words('meeting_bodies')})"
ORDINAL = (
    rf"(?:第{ORD_NUM}(?:{UNIT}|届(?:{MEETING})?|{words('ordinal_tails')})?"
    rf"|[{CN}十]+届{MEETING}"
    rf"|(?:十[二三四五六七八九]|二十)大(?![{chars('congress_not_before')}])"
    rf"|[{CN}](?:{words('prize_tails')})"
    rf"|前(?:[0-9]+|[{CN}十]+)(?:{words('rank_tails')})"
    rf"|{NB}(?:[0-9]+|[{CN}十]+)(?:{words('anniversary')})"
    rf"|{NB}[0-9]+[A-Z]级"
    rf"|(?<={words('attachment')})[0-9]+"
    # 表1, 图2 in a caption or after 见/如 (not 代表1名: no other Chinese character before)
    rf"|(?:(?<![\u4e00-\u9fff])|(?<=[见如]))(?:{words('figure_labels')})[0-9]+(?![0-9.])"
    # 院区二期, 清河坊二期: a phase of a project, not a count of sessions
    # (after a verb, 举办三期 stays a count).
    rf"|(?<![{chars('phase_not_after')}])[{CN}十]期(?![{chars('phase_not_before')}])"
    r")"
)

# -- codes ---------------------------------------------------------------------
# 168cm and 12k are quantities, not codes like CJS044 or 5G.
_ASCII_UNITS = alternation([u for u in UNIT_TABLE if u.isascii() and u[0].isalpha()] + ["k", "K"])
CODE = (
    r"(?:[〔\[(【][ \t]*(?:19|20)[0-9]{2}[ \t]*[〕\])】][ \t]*[0-9]+[ \t]*号"
    # an e-mail address, tried only where its run of characters begins (linear on 1.1.1.1…)
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|(?:https?://|www\.)[^\s，。；、)）]+"
    rf"|{NB}[A-Za-z0-9]+/[0-9]{{4}}-[0-9]+"
    rf"|{NB}(?:\+?86-)?0?[0-9]{{2,3}}-[0-9]{{7,8}}(?![0-9])(?:-[0-9]{{1,4}})?"
    rf"|{NB}1[3-9][0-9]{{9}}(?![0-9.,万亿元])"
    rf"|{NB}[0-9]{{3,4}}-[0-9]{{3,4}}-[0-9]{{4}}"
    rf"|{NB}[0-9]{{6,}}-[0-9]+"
    rf"|{NB}[0-9]+号(?:-[0-9]+)?"
    r"|(?<=[A-Za-z])[0-9]+(?:[0-9A-Za-z/_-]*)"
    rf"|{NB}(?![0-9.]+(?:{_ASCII_UNITS})(?![A-Za-z]))[A-Za-z]*[0-9]+[A-Za-z][A-Za-z0-9/_-]*(?!级)"
    rf"|(?:{words('postcode_words')})[:： \t]*(?P<pc>[0-9]{{6}})(?![0-9])"
    rf"|(?:{words('page_counters')})[:： \t]*(?P<hits>[0-9]+)(?![0-9.]))"
)

# -- list and section markers -----------------------------------------------------
_MARK_POS = r"(?:^|(?<=[。；;：:！？!?\n]))"  # a line's start, or after a stop or a colon
_MARK_AT = rf"{_MARK_POS}[ \t]*"
MARKER = (
    rf"(?:{_MARK_AT}(?P<mk>[{CN}十]{{1,3}}、|{NB}[0-9]{{1,3}}(?:[.、](?![0-9])|\)|）)|\([0-9]{{1,2}}\)|[①-⑳])"
    # 7．2025年部门预算表: a list marker before a year, not 7.2025
    rf"|{_MARK_AT}(?P<mk3>{NB}[0-9]{{1,2}}\.)(?=(?:19|20)[0-9]{{2}}年)"
    rf"|\([{CN}十]{{1,3}}\)"
    rf"|(?:^|(?<=[。；;：:！？!?\n，,]))[ \t]*(?P<mk2>(?:[一二三四五六七八九]|十[一二三四五六七八九]?)是)(?![否])"
    r")"
)

# -- figures --------------------------------------------------------------------
# 成 and 折 after a numeral are percentages unless they begin a word (完成, 成本, 折合).
_CHENG_NOT = f"(?![{chars('cheng_not_before')}])"
_ZHE_NOT = f"(?![{chars('zhe_not_before')}])"
# The kinds that need a word after the numeral (分之, 成 or 折, :, /) are tried behind a
# lookahead over the numeral's characters for that word: most numbers fail it at once,
# before the numeral is parsed (14% of the scan). Each lookahead is implied by its branch,
# so it never changes a match; SCANNER_BODY, built without them, is what the tests compare.
# a range's dash: 5-10个, 2至3项; a dash between spaces is an empty table cell (1,230.00 — 1,230.00)
_DASH = r"[ \t]*[至到][ \t]*|[-~—]"
_FRAC_CHARS = rf"0-9,.·{CN}{CNU}{APPROX} \tkK"  # what a numeral before 分之 is written with
_CHENG_CHARS = rf"{CN}十点0-9.半对"  # and one before 成 or 折
_AHEAD = {
    "frac": rf"(?=[{_FRAC_CHARS}]+分之)",
    "cheng": rf"(?=[{_CHENG_CHARS}]{{1,4}}[成折])",
    "ratio": r"(?=[0-9,.·]+[ \t]*:)",
    "slash": r"(?=[0-9,.·]+/)",
    # any of the four above: their characters, then their word (分之, 成, 折, :, /)
    "worded": rf"(?=[{_FRAC_CHARS}{_CHENG_CHARS}]*[分成折:/])",
    # a range (5-10个, 2至3项): a dash within a unit's length after the numeral
    "range": rf"(?=[{''.join(sorted({re.escape(c) for u in UNIT_TABLE for c in u}))}]{{0,{max(map(len, UNIT_TABLE))}}}(?:{_DASH}))",
}


def _figure(ahead: dict[str, str]) -> str:
    return (
        rf"(?P<pre>{PRE})?"
        rf"(?:(?P<pctw>{alternation(PERCENT_WORDS)})(?P<pnum>{NUMBER})"
        # the four kinds that need a word after the numeral, behind one lookahead for any such word
        rf"|{ahead.get('worded', '')}(?:{ahead.get('frac', '')}(?P<frac_a>{NUMBER})分之(?P<frac_b>{NUMBER})"
        rf"|{ahead.get('cheng', '')}(?P<cheng>[{CN}]点[{CN}]|[{CN}]{{1,2}}|十|{NB}[0-9]{{1,2}}(?:\.[0-9])?|半|对(?=折))"
        rf"(?P<chengu>成(?P<chengx>半|[{CN}](?=$|[%，,。；;\s]))?{_CHENG_NOT}|折{_ZHE_NOT})"
        rf"|{ahead.get('ratio', '')}(?P<ratio>{NB}{ARABIC}(?:[ \t]*:[ \t]*{ARABIC})+)"
        rf"|{ahead.get('slash', '')}(?P<slash>{NB}{ARABIC})/(?P<slashden>{ARABIC}[{MULT_CHARS}]?)(?![0-9/]))"
        rf"|(?:(?P<cursym>{alternation(PREFIX_UNITS)})[ \t]*)?"
        # the sign's character first, then what stands before it: most positions fail on the first
        rf"(?P<sign>[-+](?<![0-9A-Za-z].)|负(?=[0-9{CN}十]))?(?P<num>{NUMBER})"
        # a range: 5-10个, 2至3项
        rf"(?:{ahead.get('range', '')}(?P<unit1>{UNIT})?(?P<dash>{_DASH})(?P<num2>{NUMBER_RAW}))?"
        rf"(?:(?P<sp>[ \t]|(?<=[{MULT_CHARS}])\n)?(?P<unit>{UNIT})"
        # 50元6角三分; 一吨半, 两米半 (half after a unit of measure)
        rf"(?:(?<=元)(?P<jiao>[0-9{CN}])(?:{words('coins')})(?:(?P<fen>[0-9{CN}])分)?|(?<=[{chars('half_after')}])(?P<half>半))?)?)"
        rf"(?P<post>{POST})?"
        rf"(?:/(?P<per>(?:{words('each')})?(?:{PER_WORD})))?"
    )


FIGURE = _figure(_AHEAD)

NON_FIGURES = alternation(read_words("non_figures.txt"))
TERMS = alternation(read_words("terms.txt") + read_words("names.txt"))


def _scanner_first() -> frozenset[str]:
    """Every character a match of the scanner can begin with, read from its branches (see
    :func:`extractors.guards.first_chars`): exact, so that testing it at each position skips
    the plain text between figures and never a figure."""
    out: set[str] = set()
    for branch in SCANNER_BRANCHES:
        chars = guard_chars(branch, re.M)
        if chars is None:  # pragma: no cover - every branch's first characters are known
            raise ValueError(f"the first characters of {branch[:40]!r} cannot be read")
        out |= chars
    return frozenset(out)


def _firsts(*names: str) -> str:
    """The first characters of the words of the named fragments, for a character class."""
    return "".join(sorted({re.escape(w[0]) for name in names for w in FRAGMENTS[name]}))


# Where a code, a date, a marker or an ordinal begins with a digit, a word stands right after
# its digits (0591-, 5G, 2024年, 3-5月, 3个月前, 50周年) or the line begins (1. 2、): a
# lookahead for it fails a plain number (33071册) before the branch is entered, a third of
# the scan. Each is implied by its branch (the tests compare the scanner with SCANNER_BODY,
# built without them). A decimal point or a percent sign after the digits is no such word
# (41.3万, 2.5%, 100%): it enters the code branch only where an e-mail's @ follows, the date
# branch only after a year (2024.1.5), since most figures are written so.
_DIGIT_NEEDS = {
    "code": [r"(?<=[A-Za-z])", r"(?=[0-9]+[-/号A-Za-z]|[0-9][A-Za-z0-9._%+-]*@|[0-9]{11})"],
    "date": [rf"(?=[0-9]{{1,4}}[年月日时世):/{_firsts('range_separators', 'ago_units')}]|{YEAR}\.)"],
    "marker": [_MARK_POS],
    "ordinal": [rf"(?=[0-9]+[A-Z{_firsts('anniversary')}])", rf"(?<={words('attachment')})"],
}

# each as one lookahead: where the branch fails, re does not back into the test to pass it
# a second way and try the branch again
_DIGIT_LED = {name: "(?=(?![0-9])|" + "|".join(needs) + ")" for name, needs in _DIGIT_NEEDS.items()}


def _branches(figure: str, lead: dict[str, str]) -> list[str]:
    """The scanner's branches, in order of precedence (at one position the first that matches wins)."""
    return [
        rf"(?P<term>{TERMS})",
        rf"(?P<skip>{NON_FIGURES})",
        rf"(?P<code>{lead.get('code', '')}{CODE})",
        rf"(?P<date>{lead.get('date', '')}{DATE})",
        rf"(?P<marker>{lead.get('marker', '')}{MARKER})",
        rf"(?P<ordinal>{lead.get('ordinal', '')}{ORDINAL})",
        rf"(?P<era>(?<=[{chars('era_after')}])一年(?![{chars('era_not_before')}]))",
        rf"(?P<fig>{figure})",
    ]


SCANNER_BRANCHES = _branches(FIGURE, _DIGIT_LED)
# the scanner without any guard or lookahead: what the guarded one must match exactly
SCANNER_BODY = "(?:" + "|".join(_branches(_figure({}), {})) + ")"
# One cheap test of the first character before the alternation (see _scanner_first), and one
# before each branch (a digit-led figure no longer descends into the code and date branches
# at a position where they cannot begin): the same matches, in about 60% of the time.
SCANNER_FIRST = _scanner_first()
SCANNER = compile_fast(rf"(?={char_class(SCANNER_FIRST)}){guarded(SCANNER_BRANCHES, re.M)}", re.M)

# A rate written before the figure, in its clause: 每天, 每人每年, 人均, 生均. Every branch
# begins with a literal (no group, no lookahead), so re finds the candidates in C: a rate
# stated with 每 is the match that begins with 每 (no word of per_words.tsv does).
EACH_WORD = FRAGMENTS["each"][0]  # 每, as the code reads it
EACH = rf"(?:{words('each')})(?:{alternation(PER_TABLE)})"  # 每天, 每人
PER_LEFT = compile_fast(rf"{EACH}(?:{EACH})*|{literal_led(PER_WORDS)}")
# Book titles and short quoted names: figures inside them are terms.
TITLE = compile_fast(r"《[^《》\n]{0,120}》")
QUOTE = compile_fast(r"“[^“”\n]{1,14}”|「[^「」\n]{1,14}」|\"[^\"\n]{1,14}\"")
