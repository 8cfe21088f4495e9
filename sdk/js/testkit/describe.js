// What the SDK declares, as JSON for tests/sdk_js: its operations, error catalogue and exported
// classes, and how it converts the names read from standard input (a JSON list).

import * as sdk from '../index.js';

const names = JSON.parse(await new Response(process.stdin).text());
const operations = Object.entries(sdk.OPERATIONS).flatMap(([resource, methods]) =>
  Object.entries(methods).map(([name, spec]) => ({ resource, name, method: spec.method, path: spec.path })),
);
const exported = Object.fromEntries(
  Object.entries(sdk.ERROR_CLASSES).map(([code, made]) => [code, sdk[made.name] === made ? made.name : null]),
);
const converted = Object.fromEntries(names.map((name) => [name, [sdk.camelKey(name), sdk.snakeKey(sdk.camelKey(name))]]));
process.stdout.write(JSON.stringify({ operations, errorCodes: sdk.ERROR_CODES, exported, converted }));
