"""The codebook: what each tone, significance and kind means, and the test a curator applies.

In the spirit of event-data coding (CAMEO and the Goldstein scale, ACLED's
codebook): code what the parties did or said, as the sources report it, by
the test, not by a feeling. Shown on /about/ and as help in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    label: str
    meaning: str
    test: str
    example: str  # an event's slug


TONE_SCOPE = (
    "Tone is the event's effect on relations between the United States and Pakistan, their "
    "governments and forces, read from what the two sides did and said, not from whether the "
    "event was good or bad in itself: a militant attack is not hostile between the two "
    "countries unless one side blames the other for it."
)

TONE = {
    2: Code(
        "close cooperation",
        "The two sides act together.",
        "Did their forces or officials act together, or did an agreement between them take effect?",
        "scaparrotti-coordinated-border-operations",
    ),
    1: Code(
        "easing",
        "One side acts in the other's interest.",
        "Did one side act in the other's interest or restore a contact, without joint action or "
        "agreement: a strike on the other's enemy, a designation of it, a channel reopened?",
        "baitullah-mehsud-killed-in-drone-strike",
    ),
    0: Code(
        "neutral or mixed",
        "No direct bearing on the relationship, or pressure and engagement in equal measure.",
        "Remove the other country from the story: is nothing lost? Or does each side restate its "
        "position, with no agreement and no rupture?",
        "allen-meets-kayani-june-2012",
    ),
    -1: Code(
        "friction",
        "Accusation, pressure, refusal, protest or snub while cooperation goes on.",
        "Did one side accuse, pressure, refuse, protest against or snub the other? A militant "
        "attack counts here when one side blames it on havens in the other's territory.",
        "panetta-reaching-limits-of-patience",
    ),
    -2: Code(
        "rupture",
        "A breach: people killed, sovereignty violated, cooperation cut off.",
        "Did one side's forces or agents kill the other's people, act on its soil in a way it "
        "called a breach of sovereignty, or cut off a form of cooperation (routes, training, "
        "military dialogue)?",
        "salala-border-incident",
    ),
}

SIGNIFICANCE_SCOPE = "Significance is how far the event changed the course of the relationship."

SIGNIFICANCE = {
    3: Code(
        "turning point",
        "The relationship is measured before and after it.",
        "Do the sources, or later reporting, measure the whole relationship before and after it, "
        "for months?",
        "osama-bin-laden-killed-in-abbottabad",
    ),
    2: Code(
        "notable",
        "It changed one part of the relationship, or was a public act at the top.",
        "Did it change one part of the relationship (training, intelligence, the supply talks), "
        "or was it a public act of a head of state or government, a secretary of state, an army "
        "chief or parliament that the sources treat as shaping relations for weeks?",
        "pakistan-cuts-us-training-mission",
    ),
    1: Code(
        "minor",
        "Its effect stayed local or short.",
        "A single incident, contact or statement whose effect stayed local or short, one instance "
        "of a trend, a strike that missed, talks without outcome below the top level?",
        "coalition-conference-with-11th-corps",
    ),
}

KINDS = {
    "raid": ("A ground assault by one side's forces on a target, usually on the other's soil.", "osama-bin-laden-killed-in-abbottabad"),
    "air strike": ("An air or drone strike, or a series of them.", "baitullah-mehsud-killed-in-drone-strike"),
    "border clash": ("Fire exchanged across or at the border, between the two sides' forces or onto their posts.", "salala-border-incident"),
    "attack": ("A militant attack: a bombing, an assault, a shooting.", "us-embassy-kabul-attack"),
    "diplomatic visit": ("An official's visit to the other country for talks at government level.", "clinton-delegation-visits-islamabad"),
    "meeting": ("Talks between officials or commanders that are not a state visit or a summit.", "allen-meets-kayani-june-2012"),
    "summit": ("A multilateral leaders' meeting.", "nato-chicago-summit-obama-snubs-zardari"),
    "policy decision": ("A government or parliament decides to do, stop or restrict something.", "nato-supply-routes-closed"),
    "military operation": ("A campaign of operations by one side's forces.", "operation-knife-edge"),
    "arrest": ("A person arrested or detained by a state.", "raymond-davis-kills-two-in-lahore"),
    "capture": ("A person seized or held by militants.", "bowe-bergdahl-captured"),
    "court ruling": ("A court's verdict or sentence.", "shakil-afridi-sentenced"),
    "military cooperation": ("Joint or coordinated military activity, or its start, resumption or halt.", "military-ties-halt-after-abbottabad"),
    "negotiation": ("Talks over the terms of an agreement, carried on over a period by negotiators.", "supply-route-talks-deadlock"),
    "award": ("A prize or honour.", "malala-nobel-peace-prize"),
    "statement": ("A party's public words (a warning, accusation, demand, refusal or protest) that change nothing by themselves.", "panetta-reaching-limits-of-patience"),
    "designation": ("A government formally lists a group or person as terrorist, or sanctions them.", "us-designates-ttp-terrorist-organisation"),
    "release": ("A detainee or hostage is freed.", ""),
    "other": ("None of the above: say why in a note, and propose a kind.", ""),
}  # fmt: skip

EVENT_RULE = (
    "An event is one action, or one exchange of words, by identified actors at one time and "
    "place. A strike, a meeting or a statement that the sources report with its own date, place "
    "and outcome is its own event, even when it belongs to a series."
)


def help_text(codes: dict[int, Code], signed: bool) -> str:
    """The codebook in a paragraph a curator reads beside the field."""
    tests = (
        f"{value:+d} {code.label}: {code.test}" if signed else f"{value} {code.label}: {code.test}"
        for value, code in sorted(codes.items(), reverse=True)
    )
    return " ".join(tests) + " The codebook on the About page gives an example of each."
