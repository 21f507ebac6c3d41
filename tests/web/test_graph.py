"""The layout of the federation graph: layers by depth, rows that wrap, edges upward."""

from __future__ import annotations

from sovet.adapters.queries import CouncilSummary, Graph
from sovet.domain.charter import Charter
from sovet.domain.federation import Council, CouncilKind
from sovet.web.graph import NODE_HEIGHT, NODE_WIDTH, PER_ROW, depths, layout, wrap


def summary(council_id: int, kind: CouncilKind) -> CouncilSummary:
    council = Council(
        id=council_id,
        slug=f"c{council_id}",
        name=f"Council {council_id}",
        kind=kind,
        charter=Charter(),
    )
    return CouncilSummary(council=council, members=3, seats=1, filled=0)


def test_a_delegate_council_sits_one_layer_above_its_highest_constituent() -> None:
    graph = Graph(
        nodes=[
            summary(1, "base"),
            summary(2, "base"),
            summary(3, "delegate"),
            summary(4, "delegate"),
        ],
        edges=[(1, 3, 1), (2, 3, 1), (3, 4, 1), (2, 4, 2)],
    )
    assert depths(graph) == {1: 0, 2: 0, 3: 1, 4: 2}


def test_higher_councils_are_drawn_above_and_every_edge_runs_upward() -> None:
    graph = Graph(
        nodes=[
            summary(1, "base"),
            summary(2, "base"),
            summary(3, "delegate"),
            summary(4, "delegate"),
        ],
        edges=[(1, 3, 1), (2, 3, 1), (3, 4, 1), (2, 4, 2)],
    )
    drawing = layout(graph)
    y = {node.summary.council.id: node.y for node in drawing.nodes}
    assert y[4] < y[3] < y[1] == y[2]
    assert len(drawing.edges) == 4
    for edge in drawing.edges:
        start_y = float(edge.path.split()[0].split(",")[1])
        end_y = float(edge.path.split()[-1].split(",")[1])
        assert end_y < start_y


def test_a_wide_layer_wraps_into_rows_that_fit_the_drawing() -> None:
    bases = [summary(n, "base") for n in range(1, 13)]
    drawing = layout(Graph(nodes=bases, edges=[]))
    rows = sorted({node.y for node in drawing.nodes})
    assert len(rows) == -(-12 // PER_ROW)
    assert all(node.x >= 0 and node.x + NODE_WIDTH <= drawing.width for node in drawing.nodes)
    assert drawing.height >= len(rows) * NODE_HEIGHT


def test_a_cyclic_graph_from_a_damaged_database_still_gets_a_finite_layout() -> None:
    graph = Graph(
        nodes=[summary(1, "delegate"), summary(2, "delegate")], edges=[(1, 2, 1), (2, 1, 1)]
    )
    assert len(layout(graph).nodes) == 2


def test_a_long_name_wraps_between_words_onto_two_lines_and_is_shortened_beyond() -> None:
    assert wrap("Foundry and Steel Workers' Union Council", 22, 2) == [
        "Foundry and Steel",
        "Workers' Union Council",
    ]
    assert wrap("Joint Economic Council of the Northern and Southern Regions", 22, 2) == [
        "Joint Economic Council",
        "of the Northern and S…",
    ]
    assert wrap("North Foundry", 22, 2) == ["North Foundry"]
