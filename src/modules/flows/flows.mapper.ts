/**
 * The flows' wire format, written in SQL: PostgreSQL builds the JSON text of each response and the route sends it
 * as it is. A flow's graph is jsonb and can weigh megabytes; parsing it into objects (pg's JSON.parse, entity
 * hydration) only for Express to serialize it again was most of what `GET /flows/{id}` and the list cost (see
 * docs/flows.md, Performance). The expressions read the columns of a row named `flow`.
 *
 * Timestamps have the form `Date.prototype.toISOString` gives (UTC, milliseconds; the column's microseconds are
 * cut, not rounded). Keys come in the order of the anchor's FlowSummaryResponse and FlowResponse.
 */
function isoTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const STAMPS = `'created_at', ${isoTimestamp('flow.created_at')}, 'updated_at', ${isoTimestamp('flow.updated_at')}`;

/** A FlowSummaryResponseDto (no graph). */
export const FLOW_SUMMARY_JSON = `json_build_object('id', flow.id, 'name', flow.name, 'description', flow.description, 'is_template', flow.is_template, 'tags', flow.tags, ${STAMPS})`;

/** A FlowResponseDto (the flow with its graph and node state). */
export const FLOW_RESPONSE_JSON = `json_build_object('id', flow.id, 'name', flow.name, 'description', flow.description, 'nodes', flow.nodes, 'edges', flow.edges, 'viewport', flow.viewport, 'data', flow.data, 'is_template', flow.is_template, 'tags', flow.tags, ${STAMPS})`;

/** The columns FLOW_SUMMARY_JSON reads (the graph is left in the table). */
export const FLOW_SUMMARY_COLUMNS = 'id, name, description, is_template, tags, created_at, updated_at';
