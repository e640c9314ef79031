from unidecode import unidecode


def fold(text):
    """Lower-case ASCII form of `text` for searching: "Füllinsdorf" -> "fullinsdorf".

    Searching folded text on both sides lets visitors type without umlauts.
    """
    return " ".join(unidecode(text or "").lower().split())
