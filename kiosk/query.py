"""Numbers typed into query strings: plain ASCII digits of a bounded length, or a default
(a 5,000-digit number is bad input, never a conversion to attempt)."""


def page_arg(args, digits=5):
    """?page= as a page number from 1; 1 for anything else."""
    text = args.get("page", "1")
    if text.isascii() and text.isdigit() and 0 < len(text) <= digits and int(text) > 0:
        return int(text)
    return 1
