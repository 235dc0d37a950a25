/**
 * In-process US Core profile validation (issue 3): a US Core Patient (race, ethnicity, birth sex,
 * identifier, name, telecom, address) validated against `us-core-patient` with bindings checked through
 * the local terminology service (shipped THO / FHIR core content), on one thread. Target >= 5,000/s per
 * core. Figures per wall-clock second and per CPU second (the machine is shared: CPU time is the per-core
 * figure). Also the lab Observation and the invalid Patient for comparison.
 * Standalone: `npx tsx bench/profile-validate.ts`; in the suite: `npm run bench -- profile-validate`.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDefaultContent } from '../src/terminology/content/default-content.js';
import { LocalTerminologyService } from '../src/terminology/local/local-terminology-service.js';
import { codeValidatorFromTerminology, createProfileValidator, loadProfileDefinitions } from '../src/validation/profile/index.js';
import { US_CORE, usCorePatient, validExamples } from '../src/validation/profile/test-support/us-core-fixtures.js';
import { progress } from './lib/log.js';
import { round } from './lib/stats.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One measurement: calls per wall second and per CPU second (user + system). */
interface Rate {
  readonly perSecond: number;
  readonly perCpuSecond: number;
}

function rate(seconds: number, op: () => unknown): Rate {
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) for (let k = 0; k < 200; k++, n++) op();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: Math.round(n / wall), perCpuSecond: Math.round(n / ((used.user + used.system) / 1e6)) };
}

/** The figures. */
export interface ProfileValidateFigures {
  readonly profiles: number;
  readonly loadMs: number;
  readonly firstValidationMs: number;
  readonly patient: Rate;
  readonly invalidPatient: Rate;
  readonly labObservation: Rate;
  readonly patientIssues: number;
  readonly target: string;
}

/** Runs each measurement for `seconds`. */
export function profileValidateBench(options: { seconds: number }): ProfileValidateFigures {
  const t0 = performance.now();
  const terminology = new LocalTerminologyService({ content: createDefaultContent({ shippedDir: join(root, 'terminology') }), clock: () => new Date() });
  const definitions = loadProfileDefinitions(join(root, 'profiles'));
  const validator = createProfileValidator({ profiles: definitions, validateCode: codeValidatorFromTerminology(terminology) });
  const loadMs = round(performance.now() - t0, 1);
  const patientUrl = `${US_CORE}/us-core-patient`;
  const patient = usCorePatient();
  const t1 = performance.now();
  const issues = validator.validate(patient, patientUrl); // compiles the plan, expands the value sets once
  const firstValidationMs = round(performance.now() - t1, 1);
  if (issues.some((i) => i.severity === 'error')) throw new Error(`the bench Patient is invalid: ${JSON.stringify(issues)}`);
  const invalid = usCorePatient();
  delete invalid['gender'];
  invalid['name'] = [{ text: 'Amy' }];
  const lab = validExamples()['us-core-observation-lab'];
  const labUrl = `${US_CORE}/us-core-observation-lab`;
  validator.validate(lab, labUrl);
  // Warm-up (JIT, and the garbage left by loading the terminology content) is not measured.
  rate(Math.min(1, options.seconds), () => validator.validate(patient, patientUrl));
  progress('profile-validate: measuring');
  return {
    profiles: definitions.length,
    loadMs,
    firstValidationMs,
    patient: rate(options.seconds, () => validator.validate(patient, patientUrl)),
    invalidPatient: rate(options.seconds, () => validator.validate(invalid, patientUrl)),
    labObservation: rate(options.seconds, () => validator.validate(lab, labUrl)),
    patientIssues: issues.length,
    target: 'US Core Patient >= 5000 per second per core',
  };
}

const entry = process.argv[1];
if (entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(profileValidateBench({ seconds: 3 }), null, 2)}\n`);
}
