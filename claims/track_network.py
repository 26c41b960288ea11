"""Networks of tracked claims: the two-mode actor–target (affiliation) network
and DNA's one-mode congruence and conflict networks of actors, as networkx graphs
and as files Gephi and visone open (GraphML, GEXF, CSV edge lists).

networkx, numpy and scipy are imported by the functions that use them.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from claims.track import replacing

if TYPE_CHECKING:
    import networkx as nx

    from claims.track import Tracking

def affiliation_network(tracking: Tracking) -> nx.Graph:
    """The two-mode actor–target network. Nodes are ``actor:NAME`` and
    ``target:NAME`` with attributes label, type (actor or target), kind,
    bipartite (0 or 1) and claims; an edge holds the pair's count per stance
    label, ``weight`` (all its claims) and ``net``."""
    import networkx as nx

    graph = nx.Graph(network="affiliation")
    _add_nodes(graph, tracking, "actor", bipartite=0)
    _add_nodes(graph, tracking, "target", bipartite=1)
    for row in tracking.matrix.to_dict("records"):
        counts = {label: int(row[label]) for label in tracking.labels}
        graph.add_edge(f"actor:{row['actor']}", f"target:{row['target']}", weight=int(row["total"]),
                       net=float(row["net"]), **counts)
    return graph


def actor_network(tracking: Tracking, mode: str) -> nx.Graph:
    """DNA's one-mode actor network: ``congruence`` or ``conflict``.

    As in DNA's one-mode export with a binary agreement qualifier, no
    normalisation and all duplicates included (Leifeld, "Discourse Network
    Analysis: Policy Debates as Dynamic Networks", in *The Oxford Handbook of
    Political Networks*, 2017; ``Exporter.computeOneModeMatrix`` in
    github.com/leifeld/dna), with n(a, t, s) the claims of actor a on target t
    with stance s, and + and − the schema's first and second labels:

        congruence(a, b) = Σ_t  n(a,t,+)·n(b,t,+) + n(a,t,−)·n(b,t,−)
        conflict(a, b)   = Σ_t  n(a,t,+)·n(b,t,−) + n(a,t,−)·n(b,t,+)

    so two actors who each supported a target twice share a congruence weight of 4.
    Other labels (neutral) take no side and make no ties. Every actor of the
    selection is a node (attributes label, type, kind, claims); a congruence
    edge also holds the part of its weight from each of the two labels.
    """
    import networkx as nx
    import numpy as np
    from scipy import sparse

    claims = tracking.counts
    actor_codes, actors = claims["actor"].factorize(sort=True)
    target_codes, targets = claims["target"].factorize(sort=True)
    sizes = claims["n"].to_numpy(dtype=float)

    def counts(label: str):  # a csr matrix adds up the rows of one (actor, target) pair
        chosen = (claims["stance"] == label).to_numpy()
        return sparse.csr_matrix((sizes[chosen], (actor_codes[chosen], target_codes[chosen])),
                                 shape=(len(actors), len(targets)))

    positive, negative = counts(tracking.labels[0]), counts(tracking.labels[1])
    if mode == "congruence":
        parts = {
            tracking.labels[0]: positive @ positive.T,
            tracking.labels[1]: negative @ negative.T,
        }
        weights = sum(parts.values())
    else:
        parts = {}
        weights = positive @ negative.T + negative @ positive.T
    ties = sparse.triu(weights, k=1).tocoo()
    graph = nx.Graph(network=mode)
    _add_nodes(graph, tracking, "actor")
    names = [str(name) for name in actors]
    # Without ties there is nothing to read (and indexing a sparse matrix with
    # no cells gives no values).
    split = {
        label: np.asarray(part.tocsr()[ties.row, ties.col]).ravel().astype(int).tolist()
        if ties.nnz
        else []
        for label, part in parts.items()
    }
    graph.add_edges_from(
        (
            names[row],
            names[col],
            {"weight": weight, **{label: values[index] for label, values in split.items()}},
        )
        for index, (row, col, weight) in enumerate(
            zip(ties.row.tolist(), ties.col.tolist(), ties.data.astype(int).tolist())
        )
    )
    return graph


def _add_nodes(
    graph: nx.Graph, tracking: Tracking, role: str, bipartite: int | None = None
) -> None:
    """Nodes for the actors or targets of the claims; with ``bipartite``
    (two-mode) ids are ROLE:NAME."""
    sizes = tracking.counts.groupby(role, observed=True)["n"].sum()
    extra = {"bipartite": bipartite} if bipartite is not None else {}
    for name in sorted(str(name) for name, size in sizes.items() if size):
        node = f"{role}:{name}" if bipartite is not None else name
        graph.add_node(node, label=name, type=role, kind=tracking.kinds[role][name],
                       claims=int(sizes[name]), **extra)


def write_graph(graph: nx.Graph, path: Path) -> None:
    """GraphML and GEXF keep node attributes; a CSV edge list has Gephi's
    Source, Target, Type, Weight columns and the other edge attributes."""
    import networkx as nx

    suffix = path.suffix.lower()
    with replacing(path) as temporary:
        if suffix == ".graphml":
            nx.write_graphml(graph, temporary)
        elif suffix == ".gexf":
            nx.write_gexf(graph, temporary)
        else:
            _write_edge_list(graph, temporary)


def _write_edge_list(graph: nx.Graph, path: Path) -> None:
    extra = list(
        dict.fromkeys(
            key for _, _, data in graph.edges(data=True) for key in data if key != "weight"
        )
    )
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Source", "Target", "Type", "Weight", *extra])
        for source, target, data in graph.edges(data=True):
            extras = (data.get(key, "") for key in extra)
            writer.writerow([source, target, "Undirected", data["weight"], *extras])
