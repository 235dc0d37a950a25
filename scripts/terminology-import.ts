/**
 * `npm run terminology:import -- <format> <path> [--data-dir DIR] [--version V]`: imports a code system
 * we cannot ship from its official distribution into DATA_DIR/terminology/ (see docs/terminology-import.md).
 * Formats: loinc (Loinc.csv), icd10cm (icd10cm_order_YYYY.txt), rxnorm (RXNCONSO.RRF or its folder),
 * cvx (cvx.txt), snomed (RF2 Snapshot folder). Progress on stderr; a JSON summary on stdout.
 * DATA_DIR comes from --data-dir, else from the gateway's configuration (env DATA_DIR, default ./data).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFromEnvironment } from '../src/config/config.js';
import { isOperationOutcomeError } from '../src/core/outcomes.js';
import { IMPORT_FORMATS, isImportFormat } from '../src/terminology/import/imported-system.js';
import { progressBar } from '../src/terminology/import/progress.js';
import { runImport } from '../src/terminology/import/run-import.js';

const USAGE = `usage: npm run terminology:import -- <format> <path> [--data-dir DIR] [--version VERSION]
  format: ${IMPORT_FORMATS.join(' | ')}
  path:   the distribution file (Loinc.csv, icd10cm_order_YYYY.txt, cvx.txt) or folder (RxNorm rrf/, SNOMED Snapshot/)`;

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' }, version: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
}
try {
  parsed = parse();
} catch (e) {
  usage(e instanceof Error ? e.message : String(e));
}
if (parsed.values.help === true) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [format, path, ...extra] = parsed.positionals;
if (format === undefined || path === undefined || extra.length > 0) usage('give a format and a path');
if (!isImportFormat(format)) usage(`unknown format ${format}`);
let dataDir: string;
try {
  dataDir = parsed.values['data-dir'] ?? loadConfigFromEnvironment().dataDir;
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  usage(e.message);
}

try {
  const summary = await runImport({
    format, path, dataDir, progress: progressBar(process.stderr),
    ...(parsed.values.version !== undefined && { version: parsed.values.version }),
  });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.stderr.write(`imported ${summary.concepts} ${format} concepts into ${summary.file}; restart the gateway to serve them\n`);
} catch (e) {
  process.stderr.write(`\nimport failed: ${isOperationOutcomeError(e) ? e.message : e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
}
