from decimal import Decimal

from django import template

register = template.Library()

WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


@register.filter
def in_words(number) -> str:
    """Numbers up to twenty in words, as the papers write them ("four Severity 3 TIs")."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return ""
    return WORDS[number] if 0 <= number < len(WORDS) else str(number)


@register.filter
def capfirst_words(number) -> str:
    text = in_words(number)
    return text[:1].upper() + text[1:]


@register.filter
def percent(value) -> str:
    """100.00 -> "100%", 99.50 -> "99.5%"."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}%"
