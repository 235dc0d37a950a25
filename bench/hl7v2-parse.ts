/**
 * `npx tsx bench/hl7v2-parse.ts`: HL7 v2 parser throughput on a typical ORU^R01 (PID, PV1, ORC, OBR,
 * 20 OBX, NTE). Prints one JSON document: messages/s for parse + serialize, and for parse + reading
 * every field of every segment (the "full field access" figure of issue 4). Single thread.
 */
import { parseHl7Message, serializeMessageToBuffer } from '../src/translators/hl7v2/parser/index.js';

const obx = (i: number): string =>
  `OBX|${i}|NM|${700 + i}-${i}^Analyte ${i}^LN||${(i * 1.7).toFixed(1)}|mmol/L^mmol/L^UCUM|1.0-9.9|N|||F|||20240115123000-0500`;
const ORU = Buffer.from(
  [
    'MSH|^~\\&|LAB|HOSP|GW|LYFE|20240115123000-0500||ORU^R01^ORU_R01|MSG00001|P|2.5.1|||AL|NE||UNICODE UTF-8',
    'PID|1||123456^^^HOSP&1.2.3&ISO^MR~999-99-9999^^^SSA^SS||DOE^JANE^Q^^MS||19800101|F|||1 MAIN ST^^BOSTON^MA^02118||^PRN^PH^^1^617^5551234',
    'PV1|1|O|CLINIC^101^A|||||1234^WELBY^MARCUS^^^DR|||||||||||V0001',
    'ORC|RE|PL1^LAB|FL1^LAB||CM',
    'OBR|1|PL1^LAB|FL1^LAB|24323-8^Comprehensive metabolic panel^LN|||20240115110000-0500|||||||||1234^WELBY^MARCUS||||||20240115123000-0500|||F',
    ...Array.from({ length: 20 }, (_, i) => obx(i + 1)),
    'NTE|1||Specimen slightly hemolyzed\\.br\\Repeat advised',
  ].join('\r') + '\r',
);

function run(label: string, seconds: number, work: () => void): { label: string; messagesPerSecond: number } {
  for (let i = 0; i < 2000; i++) work(); // warm-up
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) work();
    n += 500;
  }
  return { label, messagesPerSecond: Math.round(n / ((performance.now() - started) / 1000)) };
}

let sink = 0;
const results = [
  run('parse+serialize', 2, () => {
    sink += serializeMessageToBuffer(parseHl7Message(ORU)).length;
  }),
  run('parse+every-field', 2, () => {
    const m = parseHl7Message(ORU);
    for (const s of m.all) for (let f = 1; f <= s.fieldCount; f++) if (s.get({ occurrence: 1, field: f }) !== undefined) sink++;
  }),
  run('parse+translator-reads', 2, () => {
    const m = parseHl7Message(ORU);
    sink += (m.get('PID-3[1].4.2') ?? '').length + (m.get('PID-5.2') ?? '').length + (m.get('MSH-10') ?? '').length;
    for (const o of m.segments('OBX')) sink += (o.get('3.1') ?? '').length + (o.get('5') ?? '').length + (o.get('6.1') ?? '').length;
  }),
];
process.stdout.write(`${JSON.stringify({ bench: 'hl7v2-parse', messageBytes: ORU.length, segments: 26, results, sink: sink > 0 }, null, 2)}\n`);
