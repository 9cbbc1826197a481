"""The default theme vocabulary. `portal.yaml` may add themes; it may not remove these."""

from __future__ import annotations

from .model import Theme

DEFAULT_THEMES: tuple[Theme, ...] = (
    Theme(
        "adolescents",
        "Adolescents",
        "Risks and needs particular to teenagers, and how services respond to them.",
    ),
    Theme("assessment", "Assessment", "How needs and risks are assessed, recorded and reviewed."),
    Theme(
        "child-protection-planning",
        "Child protection planning",
        "Plans, conferences and core groups for children at risk of significant harm.",
    ),
    Theme(
        "child-sexual-exploitation",
        "Child sexual exploitation",
        "Recognising and responding to the sexual exploitation of children.",
    ),
    Theme(
        "disabled-children",
        "Disabled children",
        "Safeguarding children with disabilities and complex health needs.",
    ),
    Theme("domestic-abuse", "Domestic abuse", "Children living with domestic abuse and its effects on them."),
    Theme("early-help", "Early help", "Support offered early, before problems become entrenched."),
    Theme(
        "escalation-and-challenge",
        "Escalation and challenge",
        "Professional challenge and escalating concerns when practice is stuck.",
    ),
    Theme(
        "hostile-and-avoidant-families",
        "Hostile and avoidant families",
        "Working with parents who resist, avoid or intimidate professionals.",
    ),
    Theme("infants", "Infants", "Babies under one, including safe sleep and non-accidental injury."),
    Theme(
        "information-sharing",
        "Information sharing",
        "Sharing the right information with the right people at the right time.",
    ),
    Theme(
        "mental-health", "Mental health", "The mental health of children and of the adults who care for them."
    ),
    Theme("missing-children", "Missing children", "Children missing from home, care or education."),
    Theme(
        "multi-agency-working",
        "Multi-agency working",
        "How agencies work together around a child and family.",
    ),
    Theme("neglect", "Neglect", "Persistent failure to meet a child's basic needs, and its cumulative harm."),
    Theme(
        "parental-substance-misuse",
        "Parental substance misuse",
        "Parents' use of alcohol and drugs and its impact on children.",
    ),
    Theme("physical-abuse", "Physical abuse", "Physical harm to children, its signs and the response to it."),
    Theme(
        "school-attendance",
        "School attendance",
        "Absence from school as a signal of what is happening in a child's life.",
    ),
    Theme(
        "suicide-and-self-harm",
        "Suicide and self-harm",
        "Recognising and responding to risk of suicide and self-harm in children.",
    ),
    Theme(
        "supervision",
        "Supervision",
        "Reflective supervision that supports practitioners to protect children.",
    ),
    Theme("thresholds", "Thresholds", "Levels of need and when to step services up or down."),
    Theme(
        "voice-of-the-child",
        "Voice of the child",
        "Hearing and acting on what children say, show and experience.",
    ),
)
