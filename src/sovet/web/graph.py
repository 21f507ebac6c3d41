"""The federation laid out for drawing: councils in layers by depth, edges upward.

Base councils sit in the bottom layer; a delegate council sits one layer above the
highest of its constituents. Within a layer, councils are ordered to keep each near the
councils it is linked to (barycentre sweeps), and a wide layer wraps into rows so the
drawing stays readable on a narrow screen. Pure layout: the template draws the SVG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sovet.adapters.queries import CouncilSummary, Graph
from sovet.figures import plural

NODE_WIDTH = 200
NODE_HEIGHT = 64
GAP_X = 24
ROW_GAP = 96
"""Vertical room between rows, where the edges run."""
MARGIN = 16
PER_ROW = 5
LINE_CHARACTERS = 22
"""What fits on one line of a box at the drawing's type size."""
BADGE_AT = 0.8
"""Where along an edge (0 at the constituent, 1 at the council) its seat count sits."""
SWEEPS = 4


@dataclass(frozen=True)
class Node:
    summary: CouncilSummary
    x: float
    y: float
    depth: int

    @property
    def lines(self) -> list[str]:
        """The name on at most two lines that fit the box, shortened with an ellipsis
        where it is longer (the link's label is always the full name)."""
        return wrap(self.summary.council.name, LINE_CHARACTERS, 2)

    @property
    def detail(self) -> str:
        summary = self.summary
        if summary.council.kind == "base":
            return f"base · {plural(summary.members, 'member')}"
        return f"delegate · {summary.filled}/{plural(summary.seats, 'seat')} filled"


@dataclass(frozen=True)
class Edge:
    """The constituent seats ``seats`` delegates in the council: a curve drawn upward,
    with the number of seats in a badge near the council's end."""

    path: str
    badge_x: float
    badge_y: float
    seats: int


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    nodes: list[Node]
    edges: list[Edge]

    @property
    def reading_order(self) -> list[Node]:
        """The nodes from the top of the federation down, each layer by name: the order of
        the list beside the drawing, and of the keyboard's way through the drawing, which
        places them to keep linked councils near each other instead."""
        return sorted(self.nodes, key=lambda n: (-n.depth, n.summary.council.name.lower()))


def wrap(text: str, width: int, most: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words; at most
    ``most`` lines, the last ending in an ellipsis if the text does not fit."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [line if len(line) <= width else line[: width - 1].rstrip() + "…" for line in lines]


def depths(graph: Graph) -> dict[int, int]:
    """Each council's layer: 0 for base councils, else one above its highest constituent.

    Relaxation bounded by the number of councils, so a cyclic graph (which the use
    cases refuse, but a damaged database might hold) still gets a finite layout.
    """
    depth = {n.council.id: 0 if n.council.kind == "base" else 1 for n in graph.nodes}
    for _ in range(len(depth)):
        changed = False
        for constituent, council, _seats in graph.edges:
            if constituent in depth and council in depth and depth[council] <= depth[constituent]:
                depth[council] = depth[constituent] + 1
                changed = True
        if not changed:
            break
    return depth


def layout(graph: Graph) -> Drawing:
    depth = depths(graph)
    layers = _ordered_layers(graph, depth)
    columns = max((min(len(layer), PER_ROW) for layer in layers), default=1)
    width = 2 * MARGIN + columns * NODE_WIDTH + (columns - 1) * GAP_X
    nodes: list[Node] = []
    y = float(MARGIN + 20)
    for level in reversed(range(len(layers))):
        layer = layers[level]
        for row_start in range(0, len(layer), PER_ROW):
            row = layer[row_start : row_start + PER_ROW]
            row_width = len(row) * NODE_WIDTH + (len(row) - 1) * GAP_X
            x = (width - row_width) / 2
            for summary in row:
                nodes.append(Node(summary=summary, x=x, y=y, depth=level))
                x += NODE_WIDTH + GAP_X
            y += NODE_HEIGHT + ROW_GAP
    height = y - ROW_GAP + MARGIN
    return Drawing(width=width, height=height, nodes=nodes, edges=_edges(graph, nodes))


def _ordered_layers(graph: Graph, depth: Mapping[int, int]) -> list[list[CouncilSummary]]:
    levels = max(depth.values(), default=0) + 1
    layers: list[list[CouncilSummary]] = [[] for _ in range(levels)]
    for summary in sorted(graph.nodes, key=lambda s: s.council.name.lower()):
        layers[depth[summary.council.id]].append(summary)
    above: dict[int, list[int]] = {}
    below: dict[int, list[int]] = {}
    for constituent, council, _seats in graph.edges:
        above.setdefault(constituent, []).append(council)
        below.setdefault(council, []).append(constituent)
    for sweep in range(SWEEPS):
        upward = sweep % 2 == 0
        order = range(1, levels) if upward else range(levels - 2, -1, -1)
        for level in order:
            reference = layers[level - 1] if upward else layers[level + 1]
            links = below if upward else above
            layers[level] = _by_barycentre(layers[level], reference, links)
    return layers


def _by_barycentre(
    layer: Sequence[CouncilSummary],
    reference: Sequence[CouncilSummary],
    links: Mapping[int, list[int]],
) -> list[CouncilSummary]:
    """``layer`` sorted by the mean place of each council's neighbours in ``reference``;
    a council with no neighbour there keeps its own place."""
    place = {s.council.id: index / max(len(reference), 1) for index, s in enumerate(reference)}

    def key(item: tuple[int, CouncilSummary]) -> float:
        index, summary = item
        neighbours = [place[n] for n in links.get(summary.council.id, ()) if n in place]
        if not neighbours:
            return index / max(len(layer), 1)
        return sum(neighbours) / len(neighbours)

    return [summary for _index, summary in sorted(enumerate(layer), key=key)]


def _edges(graph: Graph, nodes: Sequence[Node]) -> list[Edge]:
    """Curves from the top of each constituent to the bottom of the council it seats in,
    their ends spread along each box so that edges meeting at one council stay apart."""
    at = {node.summary.council.id: node for node in nodes}
    links = [(at[c], at[k], seats) for c, k, seats in graph.edges if c in at and k in at]
    outgoing = _slots([(source, target.x) for source, target, _seats in links])
    incoming = _slots([(target, source.x) for source, target, _seats in links])
    edges = []
    for index, (source, target, seats) in enumerate(links):
        x1, y1 = source.x + outgoing[index] * NODE_WIDTH, source.y
        x2, y2 = target.x + incoming[index] * NODE_WIDTH, target.y + NODE_HEIGHT
        middle = (y1 + y2) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f} {x2:.1f},{y2:.1f}"
        badge_x, badge_y = _on_curve(BADGE_AT, (x1, y1), (x1, middle), (x2, middle), (x2, y2))
        edges.append(Edge(path=path, badge_x=badge_x, badge_y=badge_y, seats=seats))
    return edges


Point = tuple[float, float]


def _on_curve(t: float, p0: Point, p1: Point, p2: Point, p3: Point) -> Point:
    """The point at ``t`` on the cubic Bézier curve with control points ``p0..p3``."""
    weights = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3)
    points = (p0, p1, p2, p3)
    return (
        sum(w * p[0] for w, p in zip(weights, points, strict=True)),
        sum(w * p[1] for w, p in zip(weights, points, strict=True)),
    )


def _slots(ends: Sequence[tuple[Node, float]]) -> list[float]:
    """For each edge end on a box, its place along the box (0..1), ordered by where the
    other end lies so that the edges do not cross at the box."""
    groups: dict[int, list[tuple[float, int]]] = {}
    for index, (node, other_x) in enumerate(ends):
        groups.setdefault(node.summary.council.id, []).append((other_x, index))
    slots = [0.5] * len(ends)
    for group in groups.values():
        for rank, (_other_x, index) in enumerate(sorted(group)):
            slots[index] = (rank + 1) / (len(group) + 1)
    return slots
