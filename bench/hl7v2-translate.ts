/**
 * HL7 v2 → FHIR translation throughput: parse + translate to the transaction Bundle (Provenance
 * included) for the ADT and order / result / pharmacy fixtures, with the identity CodeMapper and with
 * the shipped V2-to-FHIR ConceptMaps. Rates are messages per CPU second (`process.cpuUsage`), the
 * per-core figure, with the wall-clock rate beside it. Single thread.
 * Direct run: `npx tsx bench/hl7v2-translate.ts [cpuSecondsPerFigure]`.
 */
import { parseHl7Message } from '../src/translators/hl7v2/parser/index.js';
import { translateHl7v2 } from '../src/translators/hl7v2/fhir/translate.js';
import { testContext } from '../src/translators/hl7v2/fhir/testing.js';
import { ADT_FIXTURES } from '../src/translators/hl7v2/fhir/messages/fixtures.js';
import { ORDER_FIXTURES } from '../src/translators/hl7v2/fhir/messages/order-fixtures.js';
import { v2ConceptMapCodeMapper } from '../test/support/v2-concept-map-code-mapper.js';

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Runs `work` until `cpuSeconds` of CPU time is spent; messages per CPU second and per wall second. */
function run(label: string, cpuSeconds: number, messages: readonly Buffer[], work: (m: Buffer) => number): Record<string, unknown> {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += work(messages[i % messages.length] ?? Buffer.alloc(0)); // JIT warm-up
  let n = 0;
  const cpu0 = cpuNow();
  const wall0 = performance.now();
  // The clock is read every ~100 messages: process.cpuUsage is a system call.
  const passes = Math.max(1, Math.ceil(100 / messages.length));
  while (cpuNow() - cpu0 < cpuSeconds) {
    for (let p = 0; p < passes; p++) for (const m of messages) sink += work(m);
    n += passes * messages.length;
  }
  const cpu = cpuNow() - cpu0;
  if (sink < 0) throw new Error('unreachable');
  return { label, messages: messages.length, messagesPerCpuSecond: Math.round(n / cpu), messagesPerWallSecond: Math.round(n / ((performance.now() - wall0) / 1000)) };
}

/** The translation figures (one per message family and code mapper). */
export function hl7v2TranslateBench(options: { cpuSeconds: number }): Record<string, unknown> {
  const adt = ['A01', 'A03', 'A08', 'A40'].map((e) => Buffer.from(ADT_FIXTURES[e] ?? ''));
  const orders = Object.values(ORDER_FIXTURES).map((t) => Buffer.from(t));
  const identity = testContext();
  const shipped = testContext({ codes: v2ConceptMapCodeMapper });
  const work = (ctx: typeof identity) => (m: Buffer): number => translateHl7v2(parseHl7Message(m), ctx).bundle.entry?.length ?? 0;
  const results = [
    run('adt-identity-mapper', options.cpuSeconds, adt, work(identity)),
    run('adt-shipped-conceptmaps', options.cpuSeconds, adt, work(shipped)),
    run('orders-results-shipped-conceptmaps', options.cpuSeconds, orders, work(shipped)),
  ];
  const perCore = Math.min(...results.map((r) => Number(r['messagesPerCpuSecond'])));
  return { messages: 'ADT A01/A03/A08/A40 and the order / result / pharmacy / scheduling / document / financial fixtures', results, slowestMessagesPerCpuSecond: perCore };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.stdout.write(`${JSON.stringify(hl7v2TranslateBench({ cpuSeconds: Number(process.argv[2] ?? 2) }), null, 2)}\n`);
}
