/**
 * Structured log fields. Values are codes, counts and names: never a token, a signature, a
 * certificate URL's response or a request body. Workers Logs indexes the JSON keys.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Where log lines go; injected so tests can capture them. */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Writes one JSON object per line to the console, which Workers Logs collects. */
export const consoleLogger: Logger = {
  info: (event, fields) => console.log(JSON.stringify({ level: 'info', event, ...fields })),
  warn: (event, fields) => console.warn(JSON.stringify({ level: 'warn', event, ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ level: 'error', event, ...fields })),
};
