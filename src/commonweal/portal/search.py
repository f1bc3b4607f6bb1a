"""Finding a service by the words a resident would use: pure functions, no database.

Each word of the query counts once, in the best place it is found: the service's name,
then its synonyms, then its description. Services are ranked by how many words they
match in their names, then in their synonyms, then in their descriptions, with a match of
the whole query as a phrase first of all ("bin not emptied" is one of the missed-bin
service's synonyms). Small words such as "the" and "not" are not searched for alone.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "at", "be", "been", "by", "can", "for", "from", "has"),
        *("have", "i", "in", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or"),
        *("our", "out", "please", "the", "there", "to", "was", "were", "where", "with"),
    }
)
PREFIX_AT = 4  # a query word this long also finds longer words it starts ("graff" → graffiti)


@dataclass(frozen=True)
class Service:
    """A service as the find pages show it."""

    code: str
    name: str
    description: str
    synonyms: tuple[str, ...]
    topic: str


def words(text: str) -> list[str]:
    """The text's words, lower case, with a plural "s" dropped ("bins" → "bin")."""
    return [_singular(word) for word in re.findall(r"[a-z0-9]+", text.lower())]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _found(wanted: str, among: set[str]) -> bool:
    if wanted in among:
        return True
    return len(wanted) >= PREFIX_AT and any(word.startswith(wanted) for word in among)


def _score(service: Service, query: list[str], phrase: str) -> tuple[int, ...]:
    name = set(words(service.name))
    synonyms = set(words(" ".join(service.synonyms)))
    description = set(words(service.description))
    hits = [0, 0, 0]
    for word in query:
        for place, among in enumerate((name, synonyms, description)):
            if _found(word, among):
                hits[place] += 1
                break
    in_name = phrase in " ".join(words(service.name))
    in_synonyms = any(phrase in " ".join(words(synonym)) for synonym in service.synonyms)
    return (int(in_name), hits[0], int(in_synonyms), hits[1], hits[2])


def search(services: Iterable[Service], query: str) -> list[Service]:
    """The services that match any word of the query, best first; none for an empty query."""
    every = words(query)
    wanted = list(dict.fromkeys(word for word in every if word not in STOP_WORDS))
    if not wanted:
        return []
    phrase = " ".join(every)
    scored = []
    for service in services:
        score = _score(service, wanted, phrase)
        if any(score[1:2] + score[3:]):
            scored.append((score, service))
    scored.sort(key=lambda item: (tuple(-n for n in item[0]), item[1].name))
    return [service for _, service in scored]


def by_topic(services: Iterable[Service]) -> list[tuple[str, list[Service]]]:
    """The services grouped under their topics, both in alphabetical order."""
    groups: dict[str, list[Service]] = defaultdict(list)
    for service in services:
        groups[service.topic].append(service)
    return [
        (topic, sorted(found, key=lambda service: service.name))
        for topic, found in sorted(groups.items())
    ]
