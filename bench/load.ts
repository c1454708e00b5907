/**
 * The load, measured with autocannon in its own process so that it does not share the CMS's event
 * loop: `tsx bench/load.ts <url> <clients> <seconds> <body-json> [headers-json]` POSTs the body as JSON (with those headers) and prints
 * one JSON line {requests, errors, p50, p95, rps}. Errors are transport errors, timeouts, non-2xx
 * answers and answers carrying GraphQL `errors`.
 */
import autocannon from 'autocannon';

const [url, clientsArg, secondsArg, body, headersArg = '{}'] = process.argv.slice(2);
if (!url || !clientsArg || !secondsArg || !body) {
  console.error('usage: tsx bench/load.ts <url> <clients> <seconds> <body-json> [headers-json]');
  process.exit(2);
}

const latencies: number[] = [];
const options: autocannon.Options = {
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(JSON.parse(headersArg) as Record<string, string>) },
  body,
  connections: Number(clientsArg),
  duration: Number(secondsArg),
  // autocannon's default (10 s) counts a slow answer of a 1,000-entry county as a failure; a minute is a failure.
  timeout: 60,
  verifyBody: (text) => !(JSON.parse(String(text)) as { errors?: unknown }).errors,
};
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(options, (error, done) => (error ? reject(error as Error) : resolve(done)));
  // autocannon 8 emits (client, statusCode, bytes, milliseconds); its summary has p50 and p97.5 but no p95.
  instance.on('response', (...args: unknown[]) => latencies.push(args.at(-1) as number));
});

latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(
  JSON.stringify({
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.mismatches,
    p50: at(50),
    p95: at(95),
    rps: result.requests.total / result.duration,
  }),
);
