/**
 * Deterministic synthetic clinical data: patients with encounters, vital-sign and laboratory
 * observations (LOINC, UCUM), conditions (SNOMED CT + ICD-10-CM), medication requests (RxNorm) and
 * procedures (SNOMED CT). The same seed always yields the same resources, byte for byte, so benchmark
 * runs and cached databases are comparable. About 85 resources per patient on average.
 *
 * Each patient's resources come out either as a FHIR `transaction` Bundle (entries POSTed, linked by
 * `urn:uuid:` references, https://hl7.org/fhir/R4/bundle.html#references) or as plain resources with
 * their ids and `Type/id` references (for loading a store directly).
 */
import type {
  Bundle, BundleEntry, Condition, Encounter, MedicationRequest, Observation, Patient, Procedure, Reference, Resource,
} from 'fhir/r4.js';
import {
  BLOOD_PRESSURE, CITIES, CONDITIONS, ENCOUNTER_TYPES, FAMILY_NAMES, GIVEN_NAMES, ICD10, LOINC, MEDICATIONS,
  OBSERVATIONS, PROCEDURES, RXNORM, SNOMED, UCUM,
} from './terminology.js';

/** Bump when the generator's output changes (cached benchmark databases are keyed by it). */
export const DATASET_VERSION = 2;

/** mulberry32: a small, fast, seedable PRNG (not for cryptography). */
export class Rng {
  private state: number;
  /**
   * @param stream when given, the first 32 bits of every `uuid()` (so ids of different streams never
   *   collide: all mulberry32 streams walk one 2^32 cycle, and the streams of two patients overlapped
   *   often enough at 1M resources to repeat ids)
   */
  constructor(seed: number, private readonly stream?: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  weighted<T extends { readonly weight: number }>(items: readonly T[]): T {
    let r = this.next() * items.reduce((s, i) => s + i.weight, 0);
    for (const item of items) if ((r -= item.weight) < 0) return item;
    return this.pick(items);
  }
  /** Normal deviate (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** A version-4-shaped UUID drawn from this generator. */
  uuid(): string {
    const words = Array.from({ length: 4 }, () => Math.floor(this.next() * 2 ** 32));
    if (this.stream !== undefined) words[0] = this.stream >>> 0;
    const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

export interface DatasetOptions {
  readonly seed?: number;
  /** Number of patients (≈ 85 resources each). */
  readonly patients: number;
  /** Index of the first patient (to generate a slice of a larger set). */
  readonly offset?: number;
}

/** One patient and everything recorded about them; references use `urn:uuid:<id>`. */
export interface PatientRecord {
  readonly patient: Patient & { id: string };
  /** Encounters, observations, conditions, medication requests, procedures (each with an id). */
  readonly resources: readonly (Resource & { id: string })[];
}

const START = Date.UTC(2012, 0, 1);
const END = Date.UTC(2024, 11, 31);
const DAY = 86_400_000;

const round = (v: number, decimals: number): number => Number(v.toFixed(decimals));
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const isoInstant = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const urn = (id: string): Reference => ({ reference: `urn:uuid:${id}` });
const coding = (system: string, code: string, display: string) => ({ system, code, display });

/** Patients `offset .. offset + patients - 1` of the data set for `seed`. Each patient has its own PRNG stream. */
export function* generatePatients(options: DatasetOptions): Generator<PatientRecord> {
  const seed = options.seed ?? 20240601;
  const offset = options.offset ?? 0;
  // The stream tag is a bijection of the index (odd multiplier mod 2^32): unique, yet in random order.
  for (let i = offset; i < offset + options.patients; i++) yield generatePatient(new Rng(seed ^ Math.imul(i + 1, 0x9e3779b1), Math.imul(i + 1, 0x2545f491)), i);
}

function generatePatient(rng: Rng, index: number): PatientRecord {
  const gender = rng.chance(0.51) ? 'female' : 'male';
  const born = Date.UTC(rng.int(1935, 2015), rng.int(0, 11), rng.int(1, 28));
  const place = rng.pick(CITIES);
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id: rng.uuid(),
    identifier: [{
      use: 'usual',
      type: { coding: [coding('http://terminology.hl7.org/CodeSystem/v2-0203', 'MR', 'Medical record number')] },
      system: 'http://hospital.example.org/mrn',
      value: `MRN${String(index + 1).padStart(8, '0')}`,
    }],
    active: true,
    name: [{ use: 'official', family: rng.pick(FAMILY_NAMES), given: [rng.pick(GIVEN_NAMES[gender]), rng.pick(GIVEN_NAMES[gender])] }],
    telecom: [{ system: 'phone', value: `555-${rng.int(100, 999)}-${rng.int(1000, 9999)}`, use: 'home' }],
    gender,
    birthDate: isoDate(born),
    address: [{ use: 'home', line: [`${rng.int(1, 999)} Main St`], city: place.city, state: place.state, postalCode: place.zip, country: 'US' }],
  };
  const resources: (Resource & { id: string })[] = [];
  const subject = urn(patient.id);
  const conditions = CONDITIONS.filter((c) => rng.chance(c.prevalence));
  const encounters = Math.max(1, Math.round(rng.normal(8, 3)));
  const first = Math.max(born, START);
  // Whole seconds, so instants print without milliseconds.
  const times = Array.from({ length: encounters }, () => Math.floor((first + rng.next() * (END - first)) / 1000) * 1000).sort((a, b) => a - b);
  const diagnosed = new Set<string>();
  for (const t of times) {
    const type = rng.weighted(ENCOUNTER_TYPES);
    const hours = type.classCode === 'IMP' ? rng.int(24, 120) : type.classCode === 'EMER' ? rng.int(2, 8) : 0.5;
    const enc: Encounter & { id: string } = {
      resourceType: 'Encounter',
      id: rng.uuid(),
      status: 'finished',
      class: coding('http://terminology.hl7.org/CodeSystem/v3-ActCode', type.classCode, type.classCode === 'AMB' ? 'ambulatory' : type.classCode === 'EMER' ? 'emergency' : 'inpatient encounter'),
      type: [{ coding: [coding(SNOMED, type.code, type.display)], text: type.display }],
      subject,
      period: { start: isoInstant(t), end: isoInstant(t + hours * 3_600_000) },
    };
    resources.push(enc);
    const ctx = { rng, subject, encounter: urn(enc.id), when: isoInstant(t + 600_000) };
    for (const code of OBSERVATIONS) if (rng.chance(code.perEncounter)) resources.push(observation(ctx, code));
    if (rng.chance(BLOOD_PRESSURE.perEncounter)) resources.push(bloodPressure(ctx));
    for (const c of conditions) {
      if (diagnosed.has(c.snomed) ? (!c.chronic && rng.chance(0.05)) : rng.chance(0.35)) {
        diagnosed.add(c.snomed);
        resources.push(condition(ctx, c, t));
        for (const rx of c.medications) if (rng.chance(0.7)) resources.push(medicationRequest(ctx, rx, c.snomed));
      } else if (c.chronic && diagnosed.has(c.snomed) && rng.chance(0.3)) {
        for (const rx of c.medications) resources.push(medicationRequest(ctx, rx, c.snomed));
      }
    }
    for (const p of PROCEDURES) if (rng.chance(p.perEncounter)) resources.push(procedure(ctx, p.code, p.display, t));
  }
  return { patient, resources };
}

interface EncounterContext {
  readonly rng: Rng;
  readonly subject: Reference;
  readonly encounter: Reference;
  readonly when: string;
}

function category(code: 'vital-signs' | 'laboratory') {
  return [{ coding: [coding('http://terminology.hl7.org/CodeSystem/observation-category', code, code === 'vital-signs' ? 'Vital Signs' : 'Laboratory')] }];
}

function observation(ctx: EncounterContext, c: (typeof OBSERVATIONS)[number]): Observation & { id: string } {
  const value = round(Math.max(c.mean / 10, ctx.rng.normal(c.mean, c.sd)), c.decimals);
  return {
    resourceType: 'Observation',
    id: ctx.rng.uuid(),
    status: 'final',
    category: category(c.category),
    code: { coding: [coding(LOINC, c.code, c.display)], text: c.display },
    subject: ctx.subject,
    encounter: ctx.encounter,
    effectiveDateTime: ctx.when,
    issued: ctx.when,
    valueQuantity: { value, unit: c.unit, system: UCUM, code: c.unit },
  };
}

function bloodPressure(ctx: EncounterContext): Observation & { id: string } {
  const { panel, systolic, diastolic } = BLOOD_PRESSURE;
  const component = (c: { code: string; display: string; mean: number; sd: number }) => ({
    code: { coding: [coding(LOINC, c.code, c.display)] },
    valueQuantity: { value: Math.round(ctx.rng.normal(c.mean, c.sd)), unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation',
    id: ctx.rng.uuid(),
    status: 'final',
    category: category('vital-signs'),
    code: { coding: [coding(LOINC, panel.code, panel.display)], text: 'Blood pressure' },
    subject: ctx.subject,
    encounter: ctx.encounter,
    effectiveDateTime: ctx.when,
    component: [component(systolic), component(diastolic)],
  };
}

function condition(ctx: EncounterContext, c: (typeof CONDITIONS)[number], t: number): Condition & { id: string } {
  const resolved = !c.chronic && t + 21 * DAY < END;
  return {
    resourceType: 'Condition',
    id: ctx.rng.uuid(),
    clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', resolved ? 'resolved' : 'active', resolved ? 'Resolved' : 'Active')] },
    verificationStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed', 'Confirmed')] },
    category: [{ coding: [coding('http://terminology.hl7.org/CodeSystem/condition-category', 'encounter-diagnosis', 'Encounter Diagnosis')] }],
    code: { coding: [coding(SNOMED, c.snomed, c.display), coding(ICD10, c.icd10, c.icd10Display)], text: c.display },
    subject: ctx.subject,
    encounter: ctx.encounter,
    onsetDateTime: ctx.when,
    ...(resolved ? { abatementDateTime: isoInstant(t + ctx.rng.int(7, 21) * DAY) } : {}),
    recordedDate: ctx.when,
  };
}

function medicationRequest(ctx: EncounterContext, rxnorm: string, reason: string): MedicationRequest & { id: string } {
  return {
    resourceType: 'MedicationRequest',
    id: ctx.rng.uuid(),
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [coding(RXNORM, rxnorm, MEDICATIONS[rxnorm] ?? rxnorm)], text: MEDICATIONS[rxnorm] ?? rxnorm },
    subject: ctx.subject,
    encounter: ctx.encounter,
    authoredOn: ctx.when,
    reasonCode: [{ coding: [coding(SNOMED, reason, CONDITIONS.find((c) => c.snomed === reason)?.display ?? reason)] }],
    dosageInstruction: [{ sequence: 1, text: 'Take as directed', timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
  };
}

function procedure(ctx: EncounterContext, code: string, display: string, t: number): Procedure & { id: string } {
  return {
    resourceType: 'Procedure',
    id: ctx.rng.uuid(),
    status: 'completed',
    code: { coding: [coding(SNOMED, code, display)], text: display },
    subject: ctx.subject,
    encounter: ctx.encounter,
    performedPeriod: { start: isoInstant(t + 900_000), end: isoInstant(t + 1_800_000) },
  };
}

/** The record as one `transaction` Bundle: POST entries with `urn:uuid:` fullUrls and no ids. */
export function toTransactionBundle(record: PatientRecord): Bundle {
  const entry = (r: Resource & { id: string }): BundleEntry => {
    const { id, ...body } = r;
    return { fullUrl: `urn:uuid:${id}`, resource: body as BundleEntry['resource'], request: { method: 'POST', url: r.resourceType } };
  };
  return { resourceType: 'Bundle', type: 'transaction', entry: [entry(record.patient), ...record.resources.map(entry)] };
}

/** The record as stored resources: ids kept, `urn:uuid:<id>` references rewritten to `Type/<id>`. */
export function toResources(record: PatientRecord): (Resource & { id: string })[] {
  const all = [record.patient, ...record.resources];
  const typeOf = new Map(all.map((r) => [r.id, r.resourceType]));
  return all.map((r) => JSON.parse(JSON.stringify(r), (key, value: unknown) => {
    if (key === 'reference' && typeof value === 'string' && value.startsWith('urn:uuid:')) {
      const id = value.slice(9);
      return `${typeOf.get(id) ?? 'Resource'}/${id}`;
    }
    return value;
  }) as Resource & { id: string });
}

/** Number of patients giving roughly `resources` resources. */
export function patientsFor(resources: number): number {
  return Math.max(1, Math.round(resources / 85));
}
