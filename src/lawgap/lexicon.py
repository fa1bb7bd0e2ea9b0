"""Language knowledge shared by every rule: modality, negation, non-operative text.

Kept as data, apart from the code that uses it, so that a lawyer can read and
extend it. Phrases are matched like rule terms (stemmed, case-folded) but in
order and adjacent. Sources: obligations.md §3 "Known hard cases".
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    a an the of to in on at for and or by with from as its his her their this that these those
    such which who whom be been being is are was were it
    в во на и или по с со к ко о об обо от для за из у а же ли то что который которая которые
    которых этот эта это эти его ее их
    """.split()
)

# A duty is negated: the provision does not impose it ("is not required to report").
NEGATED_DUTY: tuple[str, ...] = (
    "is not required to", "are not required to", "shall not be required to", "not be required to",
    "need not", "is not obliged to", "are not obliged to", "is under no obligation", "no obligation to",
    "nothing in this", "shall not be construed to require",
    "не обязан", "не обязана", "не обязаны", "не обязано", "не должен", "не должны",
    "не несет обязанности", "не несут обязанности", "не требуется",
)

# Binding modality, including prohibitions (which bind as strongly as duties).
BINDING: tuple[str, ...] = (
    "shall", "must", "is obliged to", "are obliged to", "is required to", "are required to",
    "is obligated", "are obligated", "has a duty to", "have a duty to", "is prohibited", "are prohibited",
    "is forbidden", "prohibited", "may not", "no person shall", "no child shall", "no person may",
    "no individual may", "no one may", "is an offence",
    "is an offense", "commits an offence", "shall be punished", "shall be fined", "is liable",
    "shall be liable", "is responsible for", "are responsible for", "ensures", "guarantees", "undertake to",
    "undertakes to", "it is the duty of", "it shall be the duty of",
    "обязан", "обязана", "обязаны", "обязано", "должен", "должна", "должны", "должно",
    "подлежит", "подлежат", "не допускается", "не допускаются", "запрещается", "запрещаются",
    "запрещено", "не вправе", "не может", "не могут", "влечет", "влечёт", "несут ответственность",
    "несет ответственность", "гарантируется", "гарантируются", "гарантирует", "обеспечивает",
    "обеспечивают", "осуществляет", "осуществляют",
    # Immediate action is a duty, not an aim (catalogue RV-07: «незамедлительно принимает меры по защите»).
    "незамедлительно принимает меры", "незамедлительно принимают меры", "immediately take measures",
    "immediately takes measures",
)

# Permissive modality: a discretion of the duty-bearer, not a duty. Loses to a binding word.
PERMISSIVE: tuple[str, ...] = (
    "may", "is entitled to", "are entitled to", "has the right to", "have the right to",
    "is authorized to", "are authorized to", "is authorised to", "are authorised to", "is permitted to",
    "вправе", "может", "могут", "имеет право", "имеют право", "допускается", "допускаются",
)

# Hortatory: promotion rather than obligation. Loses to a binding word in the same sentence
# ("shall take all appropriate measures to protect" binds).
HORTATORY: tuple[str, ...] = (
    "promotes", "encourages", "supports", "takes measures", "take measures",
    "содействует", "содействуют", "способствует", "способствуют", "принимает меры", "принимают меры",
    "стремится", "стремятся", "рекомендуется",
)

# Softeners that weaken even a "shall": aspiration, discretion or available resources.
SOFT: tuple[str, ...] = (
    "should", "is encouraged to", "are encouraged to", "shall endeavour", "shall endeavor", "shall seek to",
    "seek to promote", "as far as possible", "to the maximum extent possible", "where appropriate",
    "as appropriate", "if appropriate", "whenever appropriate", "subject to available resources",
    "within their means", "to the extent practicable", "within available resources",
    "insofar as possible", "if possible", "where practicable", "where possible", "wherever possible",
    "so far as practicable", "при необходимости",
    "по возможности", "в пределах выделенных средств", "при наличии возможности", "как правило",
    "в случае необходимости", "в пределах средств",
)

# Grant conditions: a duty that binds only as a condition of federal or other funding.
CONDITIONAL: tuple[str, ...] = (
    "in order to receive a grant", "to be eligible to receive a grant", "to be eligible for a grant",
    "as a condition of receiving", "state plan", "shall submit an application", "an application under this",
    "eligible for assistance", "may make grants", "is authorized to make grants", "to qualify for a grant",
    "in order for a state to qualify", "funds may be used", "a grant recipient", "grant recipients",
    "each grantee", "a grantee", "recipient of a grant", "recipients of grants", "funds received under",
)
# A sentence that commissions a study of the matter rather than regulating it. (Periodic reports are
# not here: for OA-03/OA-04 they are the obligation.)
STUDY: tuple[str, ...] = (
    "complete a study", "conduct a study", "carry out a study", "evaluating the extent", "examines how",
    "study on", "written study", "prepare a study", "feasibility study", "feasibility of",
    "research on", "провести исследование",
)

# Sections that commission research about a problem rather than regulate it.
RESEARCH_HEADINGS: tuple[str, ...] = ("research", "study", "studies", "survey", "evaluation", "demonstration",
                                      "исследования", "исследование")
GRANT_HEADINGS: tuple[str, ...] = ("grant", "grants", "appropriation", "appropriations", "funding", "allotment")

# After a permissive word, these confine it to a case: "may be detained only as a last resort".
RESTRICTIVE: tuple[str, ...] = ("only", "лишь", "только", "исключительно", "solely")

EXCEPTION: tuple[str, ...] = (
    "except", "unless", "save where", "other than", "notwithstanding",
    "за исключением", "кроме случаев", "если иное не предусмотрено",
)

# A following paragraph that lets authorities depart from the rule ("may be lowered to 16").
DEROGATION: tuple[str, ...] = (
    "in exceptional cases", "in exceptional circumstances", "may be reduced", "may be lowered", "may be waived",
    "may authorize", "may authorise", "may permit", "good cause", "special circumstances",
    "при наличии уважительных причин", "в исключительных случаях", "может быть снижен", "может быть снижено",
    "вправе разрешить", "с учетом особых обстоятельств", "может быть разрешено",
)

# Catalogue §3.2, distant negation: another paragraph of the article switches this one off for some cases.
DISAPPLY: tuple[str, ...] = (
    "does not apply", "do not apply", "shall not apply", "is not applicable", "are not applicable",
    "shall not be applicable", "не применяется", "не применяются", "не распространяется", "не распространяются",
)

CROSS_REFERENCE: tuple[str, ...] = (
    "in accordance with the legislation", "as provided by law", "in the manner prescribed by law",
    "in accordance with the procedure established", "as defined in section", "under section",
    "в порядке установленном законодательством", "в соответствии с законодательством",
    "в порядке установленном законами", "установленную законами", "определяемом уполномоченным органом",
)

# Paragraph openers that state purposes or findings: never a duty.
PURPOSE: tuple[str, ...] = (
    "the purposes of this", "the purpose of this", "the purpose of the", "the purposes of the",
    "congress finds", "the congress finds",
    "it is the purpose of", "findings of congress", "настоящий закон регулирует", "целями настоящего закона",
    "целью настоящего закона", "задачами настоящего закона", "цели государственной политики",
    "целями государственной политики", "государственная политика в интересах детей",
)

# Whole-unit markers. Headings that name definitions or contents; bodies that say "repealed".
DEFINITIONS_HEADINGS: tuple[str, ...] = (
    "definitions", "definition", "interpretation", "meaning of terms", "основные понятия",
    "понятия используемые", "термины", "основные термины",
)
CONTENTS_HEADINGS: tuple[str, ...] = ("contents", "table of contents", "оглавление", "содержание")
REPEALED: tuple[str, ...] = (
    "repealed", "omitted", "transferred", "утратил силу", "утратила силу", "утратило силу", "исключен",
    "исключена", "исключено", "исключены",
)
