"""Letters as indices for a character-level network: a vocabulary, and the word of lesson 06."""
WORD = "namaskar"


class Vocabulary:
    """The letters a network knows, each with an index: encode a word, decode indices."""

    def __init__(self, letters):
        letters = list(letters)
        if not letters or len(set(letters)) != len(letters) or not all(
                isinstance(c, str) and len(c) == 1 for c in letters):
            raise ValueError(f"a vocabulary is a list of distinct single letters, not {letters!r}")
        self.letters = letters
        self.index = {c: i for i, c in enumerate(letters)}

    def __len__(self):
        return len(self.letters)

    def __repr__(self):
        return f"Vocabulary({''.join(self.letters)!r})"

    def encode(self, word):
        unknown = [c for c in word if c not in self.index]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not in the vocabulary {''.join(self.letters)!r}")
        return [self.index[c] for c in word]

    def decode(self, indices):
        return "".join(self.letters[int(i)] for i in indices)

    def next_letter_task(self, word):
        """(inputs, targets): each letter but the last, and the letter that follows it."""
        codes = self.encode(word)
        return codes[:-1], codes[1:]


# {n, a, m, s, k, r}: the letters of "namaskar" in the order they first appear.
NAMASKAR = Vocabulary(dict.fromkeys(WORD))
