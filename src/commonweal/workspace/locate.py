"""Where in a definition's text an error's location (such as `workflow.transitions[3].to`) is."""

import re

import yaml

_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parts(location: str) -> list[str | int]:
    """`workflow.transitions[3].to` as ["workflow", "transitions", 3, "to"]."""
    if location.startswith("("):
        return []
    return [int(index) if index else name for index, name in _PART.findall(location)]


def line_of(text: str, location: str) -> int | None:
    """The line (from 1) of the deepest part of `location` found in the text; None if unread."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line = None
    for part in parts(location):
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
