/**
 * A load generator, run as its own process so that it does not share the CMS's event loop:
 * `tsx bench/load.ts <url> <clients> <seconds> <body-json>` prints JSON figures.
 */
export {};

const [url, clientsArg, secondsArg, body] = process.argv.slice(2);
if (!url || !clientsArg || !secondsArg || !body) {
  console.error('usage: tsx bench/load.ts <url> <clients> <seconds> <body-json>');
  process.exit(2);
}
const clients = Number(clientsArg);
const until = Date.now() + Number(secondsArg) * 1000;
const latencies: number[] = [];
let errors = 0;

async function client(): Promise<void> {
  while (Date.now() < until) {
    const start = performance.now();
    const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body! });
    const json = (await response.json()) as { errors?: unknown };
    latencies.push(performance.now() - start);
    if (!response.ok || json.errors) errors += 1;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: clients }, client));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, errors, p50: at(50), p95: at(95), rps: latencies.length / elapsed }));
