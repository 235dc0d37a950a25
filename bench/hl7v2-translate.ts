/**
 * `npx tsx bench/hl7v2-translate.ts`: HL7 v2 → FHIR translation throughput for ADT messages (parse +
 * translate to the transaction Bundle, Provenance included), with the identity CodeMapper and with the
 * shipped V2-to-FHIR ConceptMaps. Prints one JSON document. Single thread.
 */
import { parseHl7Message } from '../src/translators/hl7v2/parser/index.js';
import { translateHl7v2 } from '../src/translators/hl7v2/fhir/translate.js';
import { testContext } from '../src/translators/hl7v2/fhir/testing.js';
import { ADT_FIXTURES } from '../src/translators/hl7v2/fhir/messages/fixtures.js';
import { v2ConceptMapCodeMapper } from '../test/support/v2-concept-map-code-mapper.js';

const messages = ['A01', 'A03', 'A08', 'A40'].map((e) => Buffer.from(ADT_FIXTURES[e] ?? ''));

function run(label: string, seconds: number, work: (i: number) => number): { label: string; messagesPerSecond: number } {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += work(i);
  let n = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) sink += work(n + i);
    n += 200;
  }
  if (sink < 0) throw new Error('unreachable');
  return { label, messagesPerSecond: Math.round(n / ((performance.now() - started) / 1000)) };
}

const seconds = Number(process.env['BENCH_SECONDS'] ?? 2);
const identity = testContext();
const shipped = testContext({ codes: v2ConceptMapCodeMapper });
const work = (ctx: typeof identity) => (i: number): number =>
  translateHl7v2(parseHl7Message(messages[i % messages.length] ?? Buffer.alloc(0)), ctx).bundle.entry?.length ?? 0;
const results = [run('adt-identity-mapper', seconds, work(identity)), run('adt-shipped-conceptmaps', seconds, work(shipped))];
process.stdout.write(`${JSON.stringify({ benchmark: 'hl7v2-translate', messages: 'ADT A01/A03/A08/A40 fixtures', results }, null, 2)}\n`);
