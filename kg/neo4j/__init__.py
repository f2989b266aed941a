"""The Neo4j property-graph projection: the model (a pure function of the quads), what a push
must rewrite, the push itself, the connection and Cypher queries."""
