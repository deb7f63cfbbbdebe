declare const jsonOf: unique symbol;

/**
 * The JSON text of a `T`, serialized already (by the database, see flows.mapper.ts): the route sends it as it is,
 * with `@Header('Content-Type', JSON_CONTENT_TYPE)`. The type parameter records what the text holds, so a service
 * and its controller still agree on the response DTO.
 */
export type JsonText<T> = string & { readonly [jsonOf]?: T };

/** What Express's `res.json` sets: a route that sends JSON text answers with the same header. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
